/**
 * The `acompana` command line. Subcommands:
 * - `acompana seed demo`: creates the demo case and staff in the configured database;
 * - `acompana seed demo-data`: fills a development database with a clearly fake dataset;
 * - `acompana import interventions FILE.xlsx|FILE.csv`: imports the 911 unit's interventions;
 * - `acompana report --from … --to … | --mes … | --anio … --format text|json|csv`: the unit's figures;
 * - `acompana banavim list|export|register`: cases pending BANAVIM registration;
 * - `acompana retention run`: removes message texts of cases closed long enough ago;
 * - `acompana phones normalize`: re-hashes numbers stored before normalization;
 * - `acompana flows validate|try|graph|schema`: the flow tools (src/cli/flows/);
 * - `acompana templates export`: the WhatsApp templates the flows use, for registering them with Meta;
 * - `acompana staff create-admin --email X --name Y`: creates an admin account for the console.
 * Every command speaks Spanish, the staff's language; `--lang en` anywhere gives English (in
 * `flows try`, before `try`: after it, `--lang` is her language). Logs stay English.
 */
import { ConfigError, loadConfig } from '../config/load.js';
import { StartupError } from '../app/errors.js';
import { FieldCipher } from '../privacy/field-cipher.js';
import { codeWordHasher, phoneHasher } from '../privacy/phone-hash.js';
import { normalizeCodeWord } from '../engine/index.js';
import { createDatabase } from '../persistence/database.js';
import { ensureDatabase } from '../persistence/ensure-database.js';
import { migrateDatabase } from '../persistence/migrate.js';
import { DEMO_PHONE, seedDemo } from '../demo/seed-demo.js';
import type { Command } from './records/command-io.js';
import type { Lang } from '../app/records/import-problem.js';
import { IMPORT_INTERVENTIONS_USAGE, importInterventionsCommand } from './records/import-interventions-command.js';
import { REPORT_USAGE, reportCommand } from './records/report-command.js';
import { BANAVIM_USAGE, BANAVIM_USAGE_ES, banavimCommand } from './records/banavim-command.js';
import { RETENTION_USAGE, RETENTION_USAGE_ES, retentionCommand } from './records/retention-command.js';
import { PHONES_USAGE, PHONES_USAGE_ES, phonesCommand } from './records/phones-command.js';
import { SEED_DEMO_DATA_USAGE, SEED_DEMO_DATA_USAGE_ES, seedDemoDataCommand } from './records/seed-demo-data-command.js';
import { runFlowsCommand } from './flows/index.js';
import { TEMPLATES_USAGE, TEMPLATES_USAGE_ES, templatesCommand } from './templates-command.js';
import { staffCommand } from './staff-command.js';
import { giveDemoPasswords } from './demo-passwords.js';
import { enrolDemoCase } from './demo-check-ins.js';
import { DEMO_CODE_WORD, demoSummary } from './demo-summary.js';
import { DateTime } from 'luxon';
import { UNIT_TIME_ZONE } from '../engine/index.js';
import { argon2PasswordHasher } from '../privacy/password-hasher.js';

const USAGE_ES = `uso: acompana <comando> [--lang en]

comandos:
  seed demo      crea un caso de demostración (con consentimiento para ${DEMO_PHONE}) y cuentas de prueba
  ${SEED_DEMO_DATA_USAGE_ES}
  ${IMPORT_INTERVENTIONS_USAGE}
                 importa el archivo de intervenciones del 911 (.xlsx o CSV); --revisar solo lo revisa
  ${REPORT_USAGE}
                 las cifras de la unidad; --to es el último día incluido
  ${BANAVIM_USAGE_ES.join('\n  ')}
                 los casos por registrar en el BANAVIM, su exportación y su registro
  ${RETENTION_USAGE_ES}
                 borra los textos de los casos cerrados hace más de RETENTION_DAYS días y los números sin caso que llevan RETENTION_UNKNOWN_DAYS días sin escribir
  ${PHONES_USAGE_ES}
                 una vez tras actualizar: guarda cada número en su única forma (+52 1 … → +52 …)
  flows ...      revisa, prueba y dibuja los flujos de conversación (acompana flows --help)
  ${TEMPLATES_USAGE_ES}
  staff create-admin --email X --name Y
                 crea una cuenta de administración de la consola (contraseña por la entrada estándar,
                 preguntada, o generada y mostrada una sola vez)`;

const USAGE = `usage: acompana <command> [--lang en]

commands:
  seed demo      create a demo case (with follow-up consent for ${DEMO_PHONE}) and demo staff accounts
  ${SEED_DEMO_DATA_USAGE}
  ${IMPORT_INTERVENTIONS_USAGE}
  ${REPORT_USAGE}
  ${BANAVIM_USAGE.join('\n  ')}
  ${RETENTION_USAGE}
  ${PHONES_USAGE}
                 once after an upgrade: store every number in its one form (+52 1 … → +52 …)
  flows ...      validate, try and graph the conversation flows (acompana flows --help)
  ${TEMPLATES_USAGE}
  staff create-admin --email X --name Y
                 create a console admin account (password from stdin, prompted, or generated and shown once)`;

/** Subcommands by their leading words; each gets the arguments after them. */
const COMMANDS: [string[], Command][] = [
  [['seed', 'demo-data'], seedDemoDataCommand],
  [['import', 'interventions'], importInterventionsCommand],
  [['report'], reportCommand],
  [['banavim'], banavimCommand],
  [['retention'], retentionCommand],
  [['phones'], phonesCommand],
  [['templates'], templatesCommand],
];

/**
 * Takes `--lang es|en` (or `--lang=en`) out of the arguments: the language of the commands' messages.
 * In `flows try` only a `--lang` before `try` is taken (`acompana --lang en flows try FILE`): after
 * it, `--lang es-MX|en|yua` is the language of the survivor played, and stays in the arguments.
 */
function takeLang(argv: string[]): { args: string[]; lang: Lang } | null {
  const args: string[] = [];
  let lang: string = 'es';
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (args.length === 2 && args[0] === 'flows' && args[1] === 'try') {
      args.push(...argv.slice(i));
      break;
    }
    if (arg === '--lang') lang = argv[++i] ?? '';
    else if (arg.startsWith('--lang=')) lang = arg.slice('--lang='.length);
    else args.push(arg);
  }
  return lang === 'es' || lang === 'en' ? { args, lang } : null;
}

async function main(rawArgv: string[]): Promise<number> {
  const taken = takeLang(rawArgv);
  if (!taken) {
    process.stderr.write('acompana: --lang: debe ser es o en (must be es or en)\n');
    return 2;
  }
  const { args: argv, lang } = taken;
  const [command, sub] = argv;
  if (command === 'seed' && sub === 'demo') return seedDemoCommand(lang);
  for (const [words, run] of COMMANDS) {
    if (words.every((word, i) => argv[i] === word)) {
      return run(argv.slice(words.length), { stdout: process.stdout, stderr: process.stderr, lang });
    }
  }
  if (command === 'flows') return runFlowsCommand(argv.slice(1), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, lang });
  if (command === 'staff') return staffAdminCommand(argv.slice(1), lang);
  process.stderr.write(`${lang === 'es' ? USAGE_ES : USAGE}\n`);
  return command === undefined || command === '--help' || command === 'help' ? 0 : 2;
}

async function staffAdminCommand(args: string[], lang: Lang): Promise<number> {
  const prepare = async () => {
    const config = loadConfig();
    await ensureDatabase(config.DATABASE_URL);
    await migrateDatabase(config.DATABASE_URL);
    return config;
  };
  return staffCommand(args, prepare, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, lang });
}

async function seedDemoCommand(lang: Lang): Promise<number> {
  const config = loadConfig();
  await ensureDatabase(config.DATABASE_URL);
  await migrateDatabase(config.DATABASE_URL);
  const db = createDatabase(config.DATABASE_URL);
  try {
    const result = await seedDemo(
      db,
      { cipher: new FieldCipher(config.DATA_KEYS), hashPhone: phoneHasher(config.PHONE_HASH_KEY) },
      { codeWordHash: codeWordHasher(config.PHONE_HASH_KEY)(normalizeCodeWord(DEMO_CODE_WORD)) },
    );
    const privacy = { cipher: new FieldCipher(config.DATA_KEYS), hashPhone: phoneHasher(config.PHONE_HASH_KEY) };
    const checkIns = await enrolDemoCase(config, db, privacy, result.caseId, new Date());
    const passwords = await giveDemoPasswords(db, argon2PasswordHasher(), result.staff.map((s) => s.email));
    process.stdout.write(
      demoSummary(lang, {
        ...result,
        port: config.PORT,
        checkIns: checkIns.map((c) => ({ name: c.planItem ?? c.flowId, due: DateTime.fromJSDate(c.dueAt, { zone: UNIT_TIME_ZONE }).toFormat('yyyy-MM-dd HH:mm') })),
        passwords,
      }),
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
