import type { RunContext } from '../context.js';
import { parseDatetimeAnswer } from './datetime.js';
import { parseNumberAnswer } from './number.js';
import { parseYesNoAnswer } from './yes-no.js';

/**
 * The typed answers a question can take (besides choices):
 * - `text`: any non-empty message, saved as written (trimmed);
 * - `number`: digits or a Spanish number word up to veinte, saved as `"3"`, `"2.5"`;
 * - `yes_no`: sí/no and their everyday forms, saved as `"si"` or `"no"`;
 * - `datetime`: a day and/or time in Spanish ("mañana a las 5"), saved as an ISO instant.
 */
export const ANSWER_TYPES = ['text', 'number', 'yes_no', 'datetime'] as const;

/** One of {@link ANSWER_TYPES}. */
export type AnswerType = (typeof ANSWER_TYPES)[number];

/** Bounds for `number` answers; both optional and inclusive. */
export interface NumberBounds {
  readonly min?: number | undefined;
  readonly max?: number | undefined;
}

/**
 * Reads a typed answer as its canonical value (the text saved as the result), or undefined when
 * the text is not such an answer.
 *
 * @example
 * readTypedAnswer('number', 'cinco', ctx)            // '5'
 * readTypedAnswer('yes_no', 'Claro que sí', ctx)     // 'si'
 * readTypedAnswer('datetime', 'mañana a las 5', ctx) // '2025-06-03T22:00:00.000Z'
 */
export function readTypedAnswer(type: AnswerType, text: string, ctx: RunContext, bounds: NumberBounds = {}): string | undefined {
  switch (type) {
    case 'text': {
      const trimmed = text.trim();
      return trimmed === '' ? undefined : trimmed;
    }
    case 'number': {
      const value = parseNumberAnswer(text);
      if (value === undefined) return undefined;
      if (bounds.min !== undefined && value < bounds.min) return undefined;
      if (bounds.max !== undefined && value > bounds.max) return undefined;
      return String(value);
    }
    case 'yes_no':
      return parseYesNoAnswer(text);
    case 'datetime':
      return parseDatetimeAnswer(text, ctx);
  }
}
