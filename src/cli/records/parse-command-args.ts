import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './records-runtime.js';

/**
 * Parses a command's arguments strictly (`node:util` `parseArgs`), turning any mistake into a
 * {@link UsageError} that names the option.
 *
 * @example
 * parseCommandArgs(['--from', '2026-01-01'], { from: { type: 'string' } }); // { values: { from: '2026-01-01' }, positionals: [] }
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
}
