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
 * The language of the words {@link parseRequest} adds of its own: `en` for the JSON APIs other
 * clients call, `es` for the console's pages and forms, which staff read.
 */
export type RequestLanguage = 'en' | 'es';

/** "Missing" and "not a field of this request", in each {@link RequestLanguage}. */
const WORDS: Record<RequestLanguage, { required: string; unknownField: string }> = {
  en: { required: 'is required', unknownField: 'is not a known field' },
  es: { required: 'es obligatorio', unknownField: 'no es un campo que se espere aquí' },
};

/**
 * Parses `value` with `schema`, or throws a 400 {@link RequestError} naming the first bad field
 * (dotted path, prefixed with `where` for the request part: `body`, `query`, `params`). A field that
 * was not sent is "required", a field the schema does not know is named, in `language`; in Spanish, a
 * check the schema gave no message of its own is worded in Spanish too (zod's defaults are English).
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, where: string, language: RequestLanguage = 'en'): z.output<S> {
  const result = language === 'es' ? schema.safeParse(value, { error: spanishDefault }) : schema.safeParse(value);
  if (result.success) return result.data;
  const words = WORDS[language];
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path.map(String), issue.keys[0]].join('.');
    throw new RequestError(400, 'invalid_request', field, `${field}: ${words.unknownField}`);
  }
  const field = issue.path.map(String).join('.') || where;
  const message = issue.code === 'invalid_type' && valueAt(value, issue.path) === undefined ? words.required : issue.message;
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

/** The Spanish for a check whose schema carries no message of its own (zod asks only for those). */
function spanishDefault(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'too_big':
      return issue.origin === 'string' ? `debe tener como máximo ${issue.maximum} caracteres` : `debe ser como máximo ${issue.maximum}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'no puede estar vacío' : `debe tener al menos ${issue.minimum} caracteres`;
      return `debe ser al menos ${issue.minimum}`;
    default:
      return 'no es válido';
  }
}
