import type { z } from 'zod';

/**
 * A client error answered as `{ "error": code, "field": field, "message": message }` with `statusCode`.
 *
 * @example
 * throw new RequestError(400, 'invalid_request', 'from', 'must be an E.164 phone number');
 */
export class RequestError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/**
 * Parses `value` with `schema`, or throws a 400 {@link RequestError} naming the first bad field
 * (dotted path, prefixed with `where` for the request part: `body`, `query`, `params`).
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path.map(String), issue.keys[0]].join('.');
    throw new RequestError(400, 'invalid_request', field, `${field}: is not a known field`);
  }
  const field = issue.path.map(String).join('.') || where;
  const message = issue.code === 'invalid_type' && valueAt(value, issue.path) === undefined ? 'is required' : issue.message;
  throw new RequestError(400, 'invalid_request', field, `${field}: ${message}`);
}

/** What `value` holds at `path` (`undefined` when it was not sent): a wrong type is not a missing field. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}
