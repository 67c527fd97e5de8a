import type { CommandIo } from '../../../src/cli/records/command-io.js';
import type { RecordsContext } from './records-context.js';

/** A command's io on the test database, with what it printed. */
export interface CapturedIo extends CommandIo {
  out(): string;
  err(): string;
}

/** The io a test runs a command with: its database, its log, optionally a fixed clock. */
export function captureIo(ctx: RecordsContext, extra: Partial<CommandIo> = {}): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    env: { DATABASE_URL: ctx.database.url },
    log: ctx.log,
    ...extra,
    out: () => out,
    err: () => err,
  };
}
