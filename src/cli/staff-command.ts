import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConsoleError } from '../app/console/errors.js';
import { createStaff, MIN_PASSWORD_LENGTH } from '../app/console/staff-admin.js';
import type { Config } from '../config/schema.js';
import { prismaStaffAccounts } from '../persistence/console/staff-store.js';
import { createDatabase } from '../persistence/database.js';
import { argon2PasswordHasher } from '../privacy/password-hasher.js';
import type { Lang } from '../app/records/import-problem.js';
import { speaker } from './records/command-io.js';

/** Picks the text of the command's language. */
type Say = ReturnType<typeof speaker>;

/** Where the command reads and writes: the process's streams, or a test's; `lang` as in `--lang` (Spanish by default). */
export interface CommandIO {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  lang?: Lang;
}

const USAGE_ES = 'uso: acompana staff create-admin --email <correo> --name <nombre>   (contraseña por la entrada estándar, preguntada o generada)';
const USAGE = 'usage: acompana staff create-admin --email <correo> --name <nombre>   (password on stdin, prompted, or generated)';

/** The arguments, with messages in the command's language. */
const adminInput = (say: Say) =>
  z.object({
    email: z.email(say('--email: debe ser un correo electrónico', '--email: must be an email address')),
    name: z
      .string()
      .trim()
      .min(1, say('--name: no puede estar vacío', '--name: must not be empty'))
      .max(100, say('--name: 100 caracteres como máximo', '--name: at most 100 characters')),
  });

/**
 * `acompana staff create-admin --email X --name Y`: creates the first admin account (or another one).
 * The password comes from stdin when it is piped, is prompted for (hidden, twice) on a terminal, and is
 * generated and printed once when left empty. Exit codes: 0 created, 1 refused (email taken, short
 * password), 2 usage. `prepare` loads the configuration and readies the database, once the arguments
 * and the password are known to be usable.
 */
export async function staffCommand(argv: string[], prepare: () => Promise<Config>, io: CommandIO): Promise<number> {
  const say = speaker(io);
  const usage = say(USAGE_ES, USAGE);
  const [sub, ...rest] = argv;
  if (sub !== 'create-admin') {
    io.stderr.write(`${usage}\n`);
    return 2;
  }
  let values: { email?: string; name?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { email: { type: 'string' }, name: { type: 'string' } }, strict: true }));
  } catch (error) {
    const option = /'(-[^']*)'/.exec((error as Error).message)?.[1];
    io.stderr.write(`acompana: ${say(`opción no válida${option ? ` ${option}` : ''}`, (error as Error).message)}\n${usage}\n`);
    return 2;
  }
  const input = adminInput(say).safeParse(values);
  if (!input.success) {
    io.stderr.write(`acompana: ${input.error.issues[0]!.message}\n${usage}\n`);
    return 2;
  }

  let password = io.stdin.isTTY ? await promptTwice(io, say) : await readAll(io.stdin);
  if (password === null) {
    io.stderr.write(`acompana: ${say('las dos contraseñas no coinciden; no se creó nada', 'the two passwords differ; nothing was created')}\n`);
    return 1;
  }
  const generated = password === '';
  if (generated) password = randomBytes(18).toString('base64url');
  if (password.length < MIN_PASSWORD_LENGTH) {
    io.stderr.write(
      `acompana: ${say(`la contraseña debe tener al menos ${MIN_PASSWORD_LENGTH} caracteres; no se creó nada`, `the password must have at least ${MIN_PASSWORD_LENGTH} characters; nothing was created`)}\n`,
    );
    return 1;
  }

  const config = await prepare();
  const db = createDatabase(config.DATABASE_URL);
  try {
    const { staffId } = await createStaff(
      { staff: prismaStaffAccounts(db), hasher: argon2PasswordHasher() },
      null,
      { email: input.data.email, displayName: input.data.name, role: 'admin', password },
    );
    const email = input.data.email.trim().toLowerCase();
    io.stdout.write(`${say(`Cuenta de administración creada para ${email} (id ${staffId}).`, `Admin account created for ${email} (id ${staffId}).`)}\n`);
    if (generated) io.stdout.write(`${say('Contraseña generada, se muestra solo esta vez:', 'Generated password, shown only this once:')} ${password}\n`);
    io.stdout.write(`${say('Entra en', 'Sign in at')} http://localhost:${config.PORT}/login\n`);
    return 0;
  } catch (error) {
    if (error instanceof ConsoleError && error.code === 'staff_exists') {
      io.stderr.write(`acompana: ${say('ya existe una cuenta con ese correo; no se creó nada', 'an account with that email already exists; nothing was created')}\n`);
      return 1;
    }
    throw error;
  } finally {
    await db.$disconnect();
  }
}

/** Everything piped in, without the final line break. */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks for the password twice without echoing it; `null` when the two differ. */
async function promptTwice(io: CommandIO, say: Say): Promise<string | null> {
  const first = await promptHidden(
    io,
    say(`Contraseña (al menos ${MIN_PASSWORD_LENGTH} caracteres; vacía para generar una): `, `Password (at least ${MIN_PASSWORD_LENGTH} characters; empty to generate one): `),
  );
  if (first === '') return '';
  const second = await promptHidden(io, say('Repite la contraseña: ', 'Repeat the password: '));
  return first === second ? first : null;
}

function promptHidden(io: CommandIO, question: string): Promise<string> {
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: io.stdin, output: muted, terminal: true });
  io.stdout.write(question);
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      rl.close();
      io.stdout.write('\n');
      resolve(answer);
    });
  });
}
