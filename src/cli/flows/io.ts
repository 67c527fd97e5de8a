import type { Lang } from '../../app/records/import-problem.js';

/**
 * Where a `flows` command reads and writes: the process's streams in the CLI, strings in tests.
 * `lang` is the language of the command's own messages: Spanish by default (flow authors are the
 * unit's clinicians), `--lang en` for English.
 *
 * @example
 * const io: CommandIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
 */
export interface CommandIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly lang?: Lang;
}

/** A `flows` subcommand: its arguments and streams in, the exit code out. */
export type FlowsSubcommand = (args: string[], io: CommandIo) => Promise<number>;

/** Writes one line. */
export function println(stream: CommandIo['stdout'], line = ''): void {
  stream.write(`${line}\n`);
}
