import type { Logger } from 'pino';
import type { Clock } from '../../app/ports.js';
import type { Lang } from '../../app/records/import-problem.js';

/** Somewhere text is written: `process.stdout`, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
  /** Whether a person reads it on a terminal (`process.stderr.isTTY`). */
  isTTY?: boolean;
}

/**
 * What a command prints to and, for tests, what it runs against. Only `stdout` and `stderr` are needed;
 * `env` defaults to the process's environment (read by src/config only), `clock` to the real one,
 * `log` to a JSON logger whose lines reach standard error after the command's own message, `lang` to
 * Spanish (the language of the unit's staff; `--lang en` gives English).
 */
export interface CommandIo {
  stdout: TextSink;
  stderr: TextSink;
  env?: Record<string, string | undefined>;
  clock?: Clock;
  log?: Logger;
  lang?: Lang;
}

/** A subcommand of `acompana`: returns the exit code (0 done, 1 refused or failed, 2 usage). */
export type Command = (args: string[], io: CommandIo) => Promise<number>;

/** Picks the text of the command's language: `say(io)('hecho', 'done')`. */
export function speaker(io: CommandIo): (es: string, en: string) => string {
  return (es, en) => ((io.lang ?? 'es') === 'es' ? es : en);
}
