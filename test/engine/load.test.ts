import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  FlowValidationError,
  loadFlowDirectory,
  loadFlowDirectoryOrThrow,
  loadFlowFile,
} from '../../src/engine/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const INVALID = join(import.meta.dirname, 'fixtures', 'invalid');

const temporaryDirs: string[] = [];
afterAll(() => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

function directoryWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'acompana-flows-'));
  temporaryDirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const endOnly = (id: string) => `flow: ${id}\nname: ${id}\nstart: fin\nnodes:\n  fin: { type: end, outcome: listo }\n`;

describe('loading flow files', () => {
  it('loads the shipped flows directory without problems', async () => {
    const result = await loadFlowDirectory(join(ROOT, 'flows'));
    expect(result.diagnostics).toEqual([]);
    expect(result.ok && result.flows.map((flow) => flow.id)).toContain('primer-contacto');
  });

  it('reports every problem of a directory of broken files and never throws', async () => {
    const result = await loadFlowDirectory(INVALID);
    expect(result.ok).toBe(false);
    const names = readdirSync(INVALID).filter((name) => name.endsWith('.yaml'));
    expect(new Set(result.diagnostics.map((d) => d.file)).size).toBe(names.length);
    const oneByOne = await Promise.all(names.map((name) => loadFlowFile(join(INVALID, name))));
    const expected = oneByOne.flatMap((file) => file.diagnostics.map((d) => d.formatted));
    expect(result.diagnostics.map((d) => d.formatted).sort()).toEqual(expected.sort());
    expect(result.diagnostics.length).toBe(48);
  });

  it('reads ajustes.yaml as the settings, not as a flow, and checks flows against its deny-list', async () => {
    const settings = 'deny_words: [hola]\n';
    const flow = 'flow: a\nname: A\nstart: s\nnodes:\n  s: { type: message, text: "Hola", next: fin }\n  fin: { type: end, outcome: listo }\n';
    const dir = directoryWith({ 'ajustes.yaml': settings, 'a.yaml': flow });
    const result = await loadFlowDirectory(dir);
    expect(result.diagnostics.map((d) => d.formatted)).toEqual([
      `${join(dir, 'a.yaml')}:5:30: "Hola" está en la lista de palabras prohibidas ("hola" en deny_words): un texto que ella recibe debe leerse como un mensaje cualquiera`,
    ]);
    const single = await loadFlowFile(join(dir, 'a.yaml'));
    expect(single.diagnostics).toEqual(result.diagnostics);
  });

  it('reports a broken ajustes.yaml with the flows', async () => {
    const dir = directoryWith({ 'ajustes.yaml': 'opt_out: { words: [] }\n', 'a.yaml': endOnly('a') });
    const result = await loadFlowDirectory(dir);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.formatted)).toEqual([`${join(dir, 'ajustes.yaml')}:1:19: "words" necesita al menos 1 elemento`]);
  });

  it('reports an unreadable file or directory as a diagnostic', async () => {
    const missingFile = join(INVALID, 'no-such-flow.yaml');
    const file = await loadFlowFile(missingFile);
    expect(file.ok).toBe(false);
    expect(file.diagnostics[0]?.formatted).toBe(`${missingFile}:1:1: no se puede leer el archivo: no existe (ENOENT)`);
    expect(file.diagnostics[0]?.message.en).toMatch(/^cannot read the file: ENOENT/);
    const dir = await loadFlowDirectory(join(INVALID, 'no-such-dir'));
    expect(dir.ok).toBe(false);
    expect(dir.diagnostics[0]?.message.es).toBe('no se puede leer la carpeta de flujos: no existe (ENOENT)');
    expect(dir.diagnostics[0]?.message.en).toMatch(/^cannot read the flow directory: ENOENT/);
  });

  it('ignores files that are not YAML and accepts .yml', async () => {
    const dir = directoryWith({ 'a.yaml': endOnly('a'), 'b.yml': endOnly('b'), 'notas.txt': 'no soy un flujo' });
    const result = await loadFlowDirectory(dir);
    expect(result.ok && result.flows.map((flow) => flow.id)).toEqual(['a', 'b']);
  });

  it('rejects two files with the same flow id', async () => {
    const dir = directoryWith({ 'a.yaml': endOnly('a'), 'a.yml': endOnly('a') });
    const result = await loadFlowDirectory(dir);
    expect(result.diagnostics.map((d) => d.formatted)).toEqual([
      `${join(dir, 'a.yml')}:1:1: el flujo "a" también está definido en ${join(dir, 'a.yaml')}`,
    ]);
  });

  it('throws a FlowValidationError listing each problem on its own line', async () => {
    const dir = directoryWith({
      'a.yaml': endOnly('a'),
      'b.yaml': 'flow: b\nname: B\nstart: fin\nnodes:\n  fin: { type: end, outcome: Listo }\n',
      'c.yaml': 'flow: c\n  name: C\n',
    });
    const error = await loadFlowDirectoryOrThrow(dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FlowValidationError);
    const validation = error as FlowValidationError;
    expect(validation.code).toBe('FLOW_INVALID');
    expect(validation.name).toBe('FlowValidationError');
    expect(validation.message.split('\n')).toEqual([
      'FLOW_INVALID: 2 problems in flow files:',
      `${join(dir, 'b.yaml')}:5:30: "Listo": outcomes use lowercase letters without accents, digits, "_" or "-", starting with a letter (like no_es_buen_momento)`,
      `${join(dir, 'c.yaml')}:1:7: invalid YAML: Nested mappings are not allowed in compact mappings (check the indentation, and put texts that contain ": " in quotes)`,
    ]);
  });

  it('returns the flows by id when all are valid', async () => {
    const flows = await loadFlowDirectoryOrThrow(directoryWith({ 'a.yaml': endOnly('a') }));
    expect([...flows.keys()]).toEqual(['a']);
    expect(flows.get('a')?.name).toBe('a');
  });
});
