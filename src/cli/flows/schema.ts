import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flowJsonSchema, settingsJsonSchema } from '../../engine/index.js';
import { speaker } from '../records/command-io.js';
import { println, type CommandIo } from './io.js';
import { DEFAULT_FLOWS_DIR } from './validate.js';

/**
 * The JSON Schema files that ship with the flows, by file name, as written to disk. Flow files
 * point at them with `# yaml-language-server: $schema=./flow.schema.json` so editors complete and
 * check the YAML.
 */
export function schemaFiles(): ReadonlyMap<string, string> {
  return new Map([
    ['flow.schema.json', `${JSON.stringify(flowJsonSchema(), null, 2)}\n`],
    ['ajustes.schema.json', `${JSON.stringify(settingsJsonSchema(), null, 2)}\n`],
  ]);
}

/**
 * `acompana flows schema [dir]`: writes `flow.schema.json` and `ajustes.schema.json` (generated
 * from the zod schemas) into the flows directory. Run it after changing a node kind or the
 * settings; a test fails while the committed files are stale.
 */
export async function schemaCommand(args: string[], io: CommandIo): Promise<number> {
  const say = speaker(io);
  const [dir = DEFAULT_FLOWS_DIR, ...rest] = args;
  if (rest.length > 0 || dir.startsWith('-')) {
    println(io.stderr, say('uso: acompana flows schema [carpeta]', 'usage: acompana flows schema [dir]'));
    return 2;
  }
  for (const [name, content] of schemaFiles()) {
    await writeFile(join(dir, name), content);
    println(io.stdout, say(`escrito: ${join(dir, name)}`, `wrote ${join(dir, name)}`));
  }
  return 0;
}
