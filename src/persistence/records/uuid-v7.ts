import { randomBytes } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562: 48-bit millisecond time, then random bits), the same kind Prisma's
 * `@default(uuid(7))` makes. Bulk imports make their ids up front so every table is written with one
 * `createMany`.
 *
 * @example
 * uuidV7(); // '019ad1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b'
 */
export function uuidV7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
