/**
 * The `acompana` command line. Subcommands:
 * - `acompana seed demo`: creates the demo case and staff in the configured database.
 * - `acompana flows validate|try|graph|schema`: the flow tools (src/cli/flows/).
 */
import { ConfigError, loadConfig } from '../config/load.js';
import { StartupError } from '../app/errors.js';
import { FieldCipher } from '../privacy/field-cipher.js';
import { phoneHasher } from '../privacy/phone-hash.js';
import { createDatabase } from '../persistence/database.js';
import { ensureDatabase } from '../persistence/ensure-database.js';
import { migrateDatabase } from '../persistence/migrate.js';
import { DEMO_PHONE, seedDemo } from '../persistence/seed-demo.js';
import { runFlowsCommand } from './flows/index.js';

const USAGE = `usage: acompana <command>

commands:
  seed demo      create a demo case (with follow-up consent for ${DEMO_PHONE}) and demo staff accounts
  flows ...      validate, try and graph the conversation flows (acompana flows --help)`;

async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  if (command === 'seed' && sub === 'demo') return seedDemoCommand();
  if (command === 'flows') return runFlowsCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
  process.stderr.write(`${USAGE}\n`);
  return command === undefined || command === '--help' || command === 'help' ? 0 : 2;
}

async function seedDemoCommand(): Promise<number> {
  const config = loadConfig();
  await ensureDatabase(config.DATABASE_URL);
  await migrateDatabase(config.DATABASE_URL);
  const db = createDatabase(config.DATABASE_URL);
  try {
    const result = await seedDemo(db, { cipher: new FieldCipher(config.DATA_KEYS), hashPhone: phoneHasher(config.PHONE_HASH_KEY) });
    process.stdout.write(
      [
        `Demo case ${result.folio} (id ${result.caseId}) for "${result.survivorAlias}", follow-up consent recorded.`,
        `Write as her from ${DEMO_PHONE} in the simulator: http://localhost:${config.PORT}/simulator`,
        'Demo staff accounts:',
        ...result.staff.map((s) => `  ${s.role.padEnd(13)} ${s.email}`),
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await db.$disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof StartupError) {
      process.stderr.write(`acompana: ${error.message}\n`);
      process.exit(1);
    }
    process.stderr.write(`acompana: ${(error as Error).name}: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
