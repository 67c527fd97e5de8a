import { randomBytes } from 'node:crypto';
import type { PasswordHasher } from '../app/console/ports.js';
import type { Database } from '../persistence/database.js';

/**
 * Gives each of these accounts that has no password yet a random one, so the demo staff can sign in
 * to the console. Returns the new passwords by email (to print once); accounts that already had one
 * are left alone and absent from the result. Never a fixed, guessable password, even for the demo.
 */
export async function giveDemoPasswords(db: Database, hasher: PasswordHasher, emails: readonly string[]): Promise<Map<string, string>> {
  const given = new Map<string, string>();
  for (const email of emails) {
    const password = randomBytes(12).toString('base64url');
    const { count } = await db.staff.updateMany({ where: { email, passwordHash: null }, data: { passwordHash: await hasher.hash(password) } });
    if (count === 1) given.set(email, password);
  }
  return given;
}
