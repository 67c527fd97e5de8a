import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecryptionError, FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('FieldCipher', () => {
  it('round-trips text, including emoji and long texts', () => {
    const cipher = new FieldCipher([k1]);
    for (const text of ['+5219981234567', 'Hola 🌻 ¿cómo estás?', 'x'.repeat(65_536), '']) {
      expect(cipher.decrypt(cipher.encrypt(text))).toBe(text);
    }
  });

  it('never produces the same ciphertext twice and never contains the plain text', () => {
    const cipher = new FieldCipher([k1]);
    const a = Buffer.from(cipher.encrypt('+5219981234567'));
    const b = Buffer.from(cipher.encrypt('+5219981234567'));
    expect(a.equals(b)).toBe(false);
    expect(a.toString('latin1')).not.toContain('5219981234567');
  });

  it('gives every ciphertext an IV of its own, across refills of the random pool', () => {
    const cipher = new FieldCipher([k1]);
    // Layout: version, key id length, key id ("k1"), then the 12-byte IV.
    const sealed = Array.from({ length: 1_000 }, () => cipher.encrypt('mismo texto'));
    const ivs = new Set(sealed.map((c) => Buffer.from(c.subarray(4, 16)).toString('hex')));
    expect(ivs.size).toBe(1_000);
    expect(sealed.every((c) => cipher.decrypt(c) === 'mismo texto')).toBe(true);
  });

  it('decrypts with an older key after rotation and encrypts with the new one', () => {
    const old = new FieldCipher([k1]).encrypt('antes');
    const rotated = new FieldCipher([k2, k1]);
    expect(rotated.decrypt(old)).toBe('antes');
    expect(rotated.currentKeyId).toBe('k2');
    expect(() => new FieldCipher([k1]).decrypt(rotated.encrypt('después'))).toThrow(DecryptionError);
  });

  it('encrypts files (any bytes) in the same layout, under the same keys and rotation', () => {
    const file = randomBytes(70_000);
    const old = new FieldCipher([k1]).encryptBytes(file);
    expect(Buffer.from(old).includes(file.subarray(0, 32))).toBe(false);
    const rotated = new FieldCipher([k2, k1]);
    expect(rotated.decryptBytes(old).equals(file)).toBe(true);
    const sealed = rotated.encryptBytes(file);
    expect(sealed.length).toBe(file.length + 2 + 'k2'.length + 12 + 16);
    sealed[sealed.length - 1]! ^= 1;
    expect(() => rotated.decryptBytes(sealed)).toThrow(DecryptionError);
    expect(rotated.decrypt(rotated.encryptBytes(Buffer.from('texto', 'utf8')))).toBe('texto');
  });

  it('detects tampering', () => {
    const cipher = new FieldCipher([k1]);
    const sealed = cipher.encrypt('texto');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => cipher.decrypt(sealed)).toThrow(/authentication failed/);
  });
});

describe('phoneHasher', () => {
  it('is stable for one key and differs between keys', () => {
    const a = phoneHasher(randomBytes(32));
    const b = phoneHasher(randomBytes(32));
    expect(a('+5219981234567')).toBe(a('+5219981234567'));
    expect(a('+5219981234567')).not.toBe(b('+5219981234567'));
    expect(a('+5219981234567')).toMatch(/^[0-9a-f]{64}$/);
  });
});
