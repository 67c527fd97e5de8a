import { randomBytes } from 'node:crypto';
import { hash, verify, type Options } from '@node-rs/argon2';
import type { PasswordHasher } from '../app/console/ports.js';

/**
 * argon2id with OWASP's recommended minimum (19 MiB of memory, 2 passes, 1 lane). The parameters
 * travel inside each hash (PHC string), so raising them later keeps old hashes verifiable.
 */
const ARGON2ID: Options = {
  // Algorithm.Argon2id: a `const enum` in the library's types, which isolated modules cannot read.
  algorithm: 2 as Options['algorithm'],
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/**
 * The {@link PasswordHasher} over `@node-rs/argon2`.
 *
 * @example
 * const hasher = argon2PasswordHasher();
 * const stored = await hasher.hash('una frase larga y propia');
 * await hasher.verify(stored, 'una frase larga y propia'); // true
 */
export function argon2PasswordHasher(): PasswordHasher {
  let decoy: Promise<string> | null = null;
  return {
    hash: (password) => hash(password, ARGON2ID),
    async verify(stored, password) {
      try {
        return await verify(stored, password);
      } catch {
        return false;
      }
    },
    async verifyNothing(password) {
      decoy ??= hash(randomBytes(24).toString('base64'), ARGON2ID);
      await verify(await decoy, password).catch(() => false);
      return false;
    },
  };
}
