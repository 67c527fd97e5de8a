import { createCipheriv, createDecipheriv } from 'node:crypto';
import { randomDraws } from './random-draws.js';

/** One AES-256 key and the id stored with what it encrypts, so keys can be rotated. */
export interface DataKey {
  id: string;
  key: Buffer;
}

/** Raised when a ciphertext cannot be opened: unknown key id, tampering, or a malformed value. */
export class DecryptionError extends Error {
  /** Stable code for callers and logs. */
  readonly code = 'DECRYPTION_FAILED';
  constructor(reason: string) {
    super(`cannot decrypt field: ${reason}`);
    this.name = 'DecryptionError';
  }
}

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * A fresh random IV, never handed out before (GCM needs an IV never used twice under a key; 96 random
 * bits per message make a repeat negligible), 256 to a call of the system's generator:
 * `randomBytes(12)` per field cost a turn's encryption half its time. Copied where it is used.
 */
const freshIv = randomDraws(IV_BYTES, 256);

/**
 * Encrypts text fields (phone numbers, message texts) with AES-256-GCM.
 *
 * Layout of a ciphertext: `[version][keyId length][keyId][iv 12][tag 16][ciphertext]`. The first key
 * encrypts; every key given can decrypt, which is how a key is rotated.
 *
 * @example
 * const cipher = new FieldCipher([{ id: 'k1', key: randomBytes(32) }]);
 * cipher.decrypt(cipher.encrypt('+5219981234567')) === '+5219981234567';
 */
export class FieldCipher {
  private readonly current: DataKey;
  private readonly byId: Map<string, Buffer>;

  constructor(keys: readonly DataKey[]) {
    if (keys.length === 0) throw new Error('FieldCipher needs at least one key');
    for (const { id, key } of keys) {
      if (key.length !== 32) throw new Error(`data key ${id} must be 32 bytes`);
      if (Buffer.byteLength(id) > 255) throw new Error('data key id too long');
    }
    this.current = keys[0]!;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** Encrypts a UTF-8 string under the current key. */
  encrypt(plain: string): Uint8Array<ArrayBuffer> {
    return this.encryptBytes(Buffer.from(plain, 'utf8'));
  }

  /** Encrypts bytes (a voice note, a photo) under the current key, in the same layout as {@link encrypt}. */
  encryptBytes(plain: Uint8Array): Uint8Array<ArrayBuffer> {
    const iv = freshIv();
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const id = Buffer.from(this.current.id, 'utf8');
    const out = new Uint8Array(2 + id.length + IV_BYTES + TAG_BYTES + body.length);
    out[0] = FORMAT_VERSION;
    out[1] = id.length;
    out.set(id, 2);
    out.set(iv, 2 + id.length);
    out.set(cipher.getAuthTag(), 2 + id.length + IV_BYTES);
    out.set(body, 2 + id.length + IV_BYTES + TAG_BYTES);
    return out;
  }

  /** Decrypts a value made by {@link encrypt} under any configured key. */
  decrypt(sealed: Uint8Array): string {
    return this.decryptBytes(sealed).toString('utf8');
  }

  /** Decrypts bytes made by {@link encryptBytes} (or {@link encrypt}) under any configured key. */
  decryptBytes(sealed: Uint8Array): Buffer {
    const data = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (data.length < 2 || data[0] !== FORMAT_VERSION) throw new DecryptionError('unknown format');
    const idEnd = 2 + data[1]!;
    const keyId = data.subarray(2, idEnd).toString('utf8');
    const key = this.byId.get(keyId);
    if (!key) throw new DecryptionError(`no key with id ${keyId}`);
    if (data.length < idEnd + IV_BYTES + TAG_BYTES) throw new DecryptionError('truncated');
    const iv = data.subarray(idEnd, idEnd + IV_BYTES);
    const tag = data.subarray(idEnd + IV_BYTES, idEnd + IV_BYTES + TAG_BYTES);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data.subarray(idEnd + IV_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new DecryptionError('authentication failed');
    }
  }

  /** The id of the key new values are encrypted with. */
  get currentKeyId(): string {
    return this.current.id;
  }
}
