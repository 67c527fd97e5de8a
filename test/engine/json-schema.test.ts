import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// Fastify's JSON Schema validator (a dependency of fastify), the same kind editors use.
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { schemaFiles } from '../../src/cli/flows/schema.js';

const FLOWS = join(import.meta.dirname, '..', '..', 'flows');
const yamlFiles = readdirSync(FLOWS).filter((name) => name.endsWith('.yaml')).sort();
const read = (name: string) => readFileSync(join(FLOWS, name), 'utf8');

describe('the JSON Schemas shipped with the flows', () => {
  it.each([...schemaFiles().keys()])('%s equals the one generated from the zod schema (run `acompana flows schema` after a change)', (name) => {
    expect(read(name)).toBe(schemaFiles().get(name));
  });

  it.each(yamlFiles)('%s points editors at its schema on the first line', (name) => {
    const schema = name === 'ajustes.yaml' ? 'ajustes.schema.json' : 'flow.schema.json';
    expect(read(name).split('\n')[0]).toBe(`# yaml-language-server: $schema=./${schema}`);
  });

  it.each(yamlFiles)('accepts %s', (name) => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const schema = JSON.parse(read(name === 'ajustes.yaml' ? 'ajustes.schema.json' : 'flow.schema.json')) as object;
    const validate = ajv.compile(schema);
    expect(validate(parse(read(name))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects an unknown field and an unknown node type, as an editor would show', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(read('flow.schema.json')) as object);
    const base = { flow: 'a', name: 'A', start: 'x' };
    expect(validate({ ...base, nodes: { x: { type: 'end', outcome: 'listo' } } })).toBe(true);
    expect(validate({ ...base, nodes: { x: { type: 'end', outcome: 'listo', siguiente: 'y' } } })).toBe(false);
    expect(validate({ ...base, nodes: { x: { type: 'mensaje', text: 'Hola', next: 'x' } } })).toBe(false);
    expect(validate({ ...base, nodes: { x: { type: 'question', text: 'Hola', answer: 'color', next: 'x' } } })).toBe(false);
  });
});
