import { formatCount } from '../../app/records/report-bulletin.js';
import { ensureDatabase } from '../../persistence/ensure-database.js';
import { migrateDatabase } from '../../persistence/migrate.js';
import { seedDemoData } from '../../demo/demo-data/seed-demo-data.js';
import type { Command } from './command-io.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError, withRecordsRuntime } from './records-runtime.js';

/** Usage of `acompana seed demo-data`. */
export const SEED_DEMO_DATA_USAGE = 'seed demo-data  fill a development database with a fake dataset for the console and reports';

/** {@link SEED_DEMO_DATA_USAGE} for staff, in Spanish. */
export const SEED_DEMO_DATA_USAGE_ES = 'seed demo-data  llena una base de datos de desarrollo con datos ficticios para la consola y los reportes';

/**
 * `acompana seed demo-data`: creates the database if needed, applies migrations (unless
 * `MIGRATE_ON_START=false`) and seeds the demo dataset (see `seedDemoData`). Refuses when
 * `NODE_ENV=production`. Running it again adds nothing.
 */
export const seedDemoDataCommand: Command = (args, io) =>
  withRecordsRuntime(io, async ({ config, db, privacy, clock }) => {
    const { positionals } = parseCommandArgs(args, {});
    if (positionals.length > 0) throw new UsageError('usage: acompana seed demo-data');
    if (config.NODE_ENV === 'production') throw new UsageError('seed demo-data: refused with NODE_ENV=production (demo data is for development databases)');
    await ensureDatabase(config.DATABASE_URL);
    if (config.MIGRATE_ON_START) await migrateDatabase(config.DATABASE_URL);
    const result = await seedDemoData(db, privacy, clock.now());
    const f = result.followUp;
    io.stdout.write(
      [
        `Demo interventions: ${formatCount(result.interventionsCreated)} added (${formatCount(result.casesCreated)} cases).`,
        f
          ? `Follow-up: ${formatCount(f.checkIns)} check-ins, ${formatCount(f.contacts)} messages and calls, ${formatCount(f.alerts)} alerts, ${formatCount(f.closedCases)} closed cases, ${formatCount(f.banavimDetails)} BANAVIM records with fields.`
          : 'Follow-up: already there, nothing added.',
        'Demo staff accounts:',
        ...result.staff.map((s) => `  ${s.role.padEnd(13)} ${s.email}`),
        '',
      ].join('\n'),
    );
    return 0;
  });
