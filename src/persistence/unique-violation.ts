import { Prisma } from '../generated/prisma/client.js';

/**
 * Whether `error` is PostgreSQL refusing a row because unique index `index` already has its key
 * (Prisma's `P2002`). Through the pg driver adapter the index is named in
 * `meta.driverAdapterError.cause.constraint.index`; Prisma's own engines put the fields in `meta.target`,
 * so `fields` is checked there too.
 *
 * @example
 * isUniqueViolation(error, { index: 'BanavimRecord_folio_key', fields: ['folio'] })
 */
export function isUniqueViolation(error: unknown, key: { index: string; fields: readonly string[] }): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') return false;
  const meta = error.meta as
    | { target?: unknown; driverAdapterError?: { cause?: { constraint?: { index?: string; fields?: string[] } } } }
    | undefined;
  const constraint = meta?.driverAdapterError?.cause?.constraint;
  if (constraint?.index === key.index) return true;
  if (constraint?.fields && key.fields.every((f) => constraint.fields!.includes(f))) return true;
  const target = meta?.target;
  if (Array.isArray(target)) return key.fields.every((f) => target.includes(f));
  return typeof target === 'string' && (target === key.index || key.fields.every((f) => target.includes(f)));
}
