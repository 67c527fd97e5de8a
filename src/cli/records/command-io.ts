import type { Logger } from 'pino';
import type { Clock } from '../../app/ports.js';

/** Somewhere text is written: `process.stdout`, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * What a command prints to and, for tests, what it runs against. Only `stdout` and `stderr` are needed;
 * `env` defaults to the process's environment (read by src/config only), `clock` to the real one,
 * `log` to a JSON logger on standard error.
 */
export interface CommandIo {
  stdout: TextSink;
  stderr: TextSink;
  env?: Record<string, string | undefined>;
  clock?: Clock;
  log?: Logger;
}

/** A subcommand of `acompana`: returns the exit code (0 done, 1 refused or failed, 2 usage). */
export type Command = (args: string[], io: CommandIo) => Promise<number>;
