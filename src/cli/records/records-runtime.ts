import type { Logger } from 'pino';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import type { Clock } from '../../app/ports.js';
import type { Actor } from '../../app/records/ports.js';
import { systemClock } from '../../app/system-clock.js';
import { createDatabase, type Database } from '../../persistence/database.js';
import type { PrivacyTools } from '../../persistence/conversation-store.js';
import { FieldCipher } from '../../privacy/field-cipher.js';
import { phoneHasher } from '../../privacy/phone-hash.js';
import type { CommandIo } from './command-io.js';
import { deferredLog } from './deferred-log.js';

/** What the records commands run with: configuration, database, keys, log and clock. */
export interface RecordsRuntime {
  config: Config;
  db: Database;
  privacy: PrivacyTools;
  log: Logger;
  clock: Clock;
}

/** Raised for a mistake in how a command was called; printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Opens the runtime for one command, runs `work`, and always disconnects. A {@link UsageError} is
 * printed and turned into exit code 2. Unless `io.log` is given, the log is held and written to
 * standard error after the command's message ({@link deferredLog}).
 */
export async function withRecordsRuntime(io: CommandIo, work: (runtime: RecordsRuntime) => Promise<number>): Promise<number> {
  const config = loadConfig(io.env);
  const deferred = io.log ? null : deferredLog(config.LOG_LEVEL);
  const log = io.log ?? deferred!.log;
  const db = createDatabase(config.DATABASE_URL, { poolSize: 4 });
  try {
    return await work({
      config,
      db,
      privacy: { cipher: new FieldCipher(config.DATA_KEYS), hashPhone: phoneHasher(config.PHONE_HASH_KEY) },
      log,
      clock: io.clock ?? systemClock,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`acompana: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await db.$disconnect();
    deferred?.flush(io.stderr);
  }
}

/**
 * The actor of a command: the active staff member named by `--staff EMAIL`, or the CLI itself.
 *
 * @throws UsageError when no active staff member has that email.
 */
export async function commandActor(db: Database, staffEmail: string | undefined, io?: CommandIo): Promise<Actor> {
  if (staffEmail === undefined) return { staffId: null, via: 'cli' };
  const staff = await db.staff.findFirst({ where: { email: { equals: staffEmail.trim(), mode: 'insensitive' }, active: true }, select: { id: true } });
  if (!staff) {
    throw new UsageError(io?.lang === 'en' ? '--staff: no active staff member has that email' : '--staff: ninguna persona activa del equipo tiene ese correo');
  }
  return { staffId: staff.id, via: 'cli' };
}
