import type { FastifyRequest } from 'fastify';
import { CONTROL_CHARACTER_MESSAGE, plainText } from '../app/plain-text.js';
import { RequestError } from './request-error.js';

/** Nesting deeper than this is not a form or an API body of ours. */
const MAX_DEPTH = 8;

/** The dotted path of the first string under `value` that {@link plainText} refuses, or `null`. */
function firstRefused(value: unknown, path: string, depth: number): string | null {
  if (typeof value === 'string') return plainText.safeParse(value).success ? null : path;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  for (const [key, inner] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (!plainText.safeParse(key).success) return here;
    const found = firstRefused(inner, here, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * A `preValidation` hook that checks every text a request carries (body, query string, path
 * parameters) once, before any route reads it: a control character (NUL, ESC…) anywhere answers 400
 * naming the field, instead of a database error later.
 *
 * @throws RequestError 400 `invalid_request`, e.g. field `motivo`, message `motivo: must not contain control characters`.
 */
export async function rejectControlCharacters(request: FastifyRequest): Promise<void> {
  for (const part of [request.params, request.query, request.body]) {
    const field = firstRefused(part, '', 0);
    if (field !== null) throw new RequestError(400, 'invalid_request', field || 'body', `${field || 'body'}: ${CONTROL_CHARACTER_MESSAGE}`);
  }
}
