import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Lang } from '../../app/records/import-problem.js';
import { UsageError } from './records-runtime.js';

/**
 * Parses a command's arguments strictly (`node:util` `parseArgs`), turning any mistake into a
 * {@link UsageError} that names the option, in Spanish unless `lang` is `en`.
 *
 * @example
 * parseCommandArgs(['--from', '2026-01-01'], { from: { type: 'string' } }); // { values: { from: '2026-01-01' }, positionals: [] }
 */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, lang: Lang = 'es') {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    if (lang === 'es' && code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`opción desconocida: ${option}`);
    if (lang === 'es' && code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`la opción ${option.split(/[ ,]/)[0]} necesita un valor`);
    if (lang === 'es' && code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError('sobra un argumento');
    throw new UsageError(message.split('\n')[0]!);
  }
}
