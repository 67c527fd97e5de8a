import { v7 } from 'uuid';

/**
 * A UUID version 7 (RFC 9562: 48-bit millisecond time, version 7, then random bits), the same kind
 * Prisma's `@default(uuid(7))` makes, from the `uuid` package: ids made in one process sort in the
 * order they were made, also within a millisecond. The one generator of the code: the SQL stores and
 * bulk imports make their ids up front, so every row is written with the statement that needs it.
 *
 * @example
 * uuidV7(); // '019ad1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b'
 * uuidV7(1_700_000_000_000).slice(0, 13); // '018bcfe5-6800'
 */
export function uuidV7(now?: number): string {
  return now === undefined ? v7() : v7({ msecs: now });
}
