import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CheckedImportFile, CheckedImports } from '../app/records/ports.js';
import { DecryptionError, type FieldCipher } from '../privacy/field-cipher.js';

/** How long a checked file waits for *Confirmar* by default: 30 minutes. */
export const CHECKED_IMPORT_TTL_MS = 30 * 60_000;

/** The bytes before the file: the length of the JSON header (sheet and encoding), big-endian. */
const HEADER_LENGTH_BYTES = 4;

/**
 * {@link CheckedImports} on Redis, so *Confirmar* may reach any console process: each file is encrypted
 * with the data keys (nothing of it is readable in Redis) under
 * `<prefix>:import:<staff id>:<random id>`, expires after `ttlMs`, and is taken with `GETDEL`, so it
 * is imported at most once. The staff id in the key means another staff member's id finds nothing
 * and leaves the file for its owner.
 */
export function redisCheckedImports(redis: Redis, prefix: string, cipher: FieldCipher, ttlMs = CHECKED_IMPORT_TTL_MS): CheckedImports {
  const keyOf = (staffId: string, id: string) => `${prefix}:import:${staffId}:${id}`;
  return {
    async keep(staffId, checked) {
      const id = randomUUID();
      const header = Buffer.from(JSON.stringify({ sheet: checked.sheet, encoding: checked.encoding }), 'utf8');
      const length = Buffer.alloc(HEADER_LENGTH_BYTES);
      length.writeUInt32BE(header.length);
      const sealed = cipher.encryptBytes(Buffer.concat([length, header, checked.file]));
      await redis.set(keyOf(staffId, id), Buffer.from(sealed.buffer), 'PX', ttlMs);
      return id;
    },
    async take(staffId, id) {
      const sealed = await redis.getdelBuffer(keyOf(staffId, id));
      if (!sealed) return undefined;
      const plain = open(cipher, sealed);
      if (!plain) return undefined;
      const headerEnd = HEADER_LENGTH_BYTES + plain.readUInt32BE(0);
      const header = JSON.parse(plain.subarray(HEADER_LENGTH_BYTES, headerEnd).toString('utf8')) as Omit<CheckedImportFile, 'file'>;
      return { file: new Uint8Array(plain.subarray(headerEnd)), sheet: header.sheet, encoding: header.encoding };
    },
  };
}

/** The sealed value opened, or `undefined` when its data key is no longer configured (upload it again). */
function open(cipher: FieldCipher, sealed: Buffer): Buffer | undefined {
  try {
    return cipher.decryptBytes(sealed);
  } catch (error) {
    if (error instanceof DecryptionError) return undefined;
    throw error;
  }
}
