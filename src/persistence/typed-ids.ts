import type { Prisma } from '../generated/prisma/client.js';
import { folioKey } from '../app/records/intervention-row.js';

/* Ids and folios that come from outside (typed by staff, sent by a client), read before a query. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether `text` is a UUID: an id typed by staff or sent by a client is compared with a `uuid`
 * column only then (PostgreSQL refuses the cast of anything else with an error, not a miss).
 */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}

/**
 * The case a staff member named by its id or by the unit's folio (a UUID is an id, anything else a
 * folio, compared as its {@link folioKey}), as a Prisma filter.
 *
 * @example
 * caseRefWhere('qr-2026-0451') // { folio: 'QR-2026-0451' }
 */
export function caseRefWhere(caseRef: string): Prisma.CaseWhereInput {
  return isUuid(caseRef) ? { id: caseRef } : { folio: folioKey(caseRef) };
}
