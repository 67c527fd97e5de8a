import { randomUUID } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562: 48-bit millisecond time, version 7, then random bits), the same kind
 * Prisma's `@default(uuid(7))` makes. Bulk imports make their ids up front so every table is written
 * with one statement. The random bits come from `randomUUID()` (whose variant bits are already RFC
 * 9562's), which draws from a cached pool and is much faster than a `randomBytes` call per id.
 *
 * @example
 * uuidV7(); // '019ad1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b'
 */
export function uuidV7(now: number = Date.now()): string {
  const random = randomUUID().replaceAll('-', '');
  const hex = `${now.toString(16).padStart(12, '0')}7${random.slice(13)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
