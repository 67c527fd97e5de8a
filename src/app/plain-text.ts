import { z } from 'zod';

/**
 * Characters no text typed by a person holds: C0 controls other than tab, line feed and carriage
 * return (NUL among them, which PostgreSQL refuses in text), DEL and the C1 controls.
 */
const NEVER_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** What a one-line value (an id, an email, a name) never holds: every control character and line break. */
const NEVER_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

/** Half of a surrogate pair without its other half: not text, only broken encoding. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The message every refusal of a control character carries. */
export const CONTROL_CHARACTER_MESSAGE = 'must not contain control characters';

/** Whether `text` holds a character no text field accepts (see {@link NEVER_IN_TEXT}), or a lone surrogate. */
export function hasControlCharacters(text: string): boolean {
  return NEVER_IN_TEXT.test(text) || LONE_SURROGATE.test(text);
}

/**
 * A text field (several lines allowed) without control characters; the one refinement every text
 * field of the console and the simulator shares.
 *
 * @example
 * plainText.safeParse('a\u0000b').success // false
 */
export const plainText = z.string().refine((text) => !hasControlCharacters(text), { message: CONTROL_CHARACTER_MESSAGE });

/**
 * A one-line value (id, email, name) without control characters or line breaks.
 *
 * @example
 * plainLine.safeParse('sim-1\n').success // false
 */
export const plainLine = z.string().refine((text) => !NEVER_IN_LINE.test(text) && !LONE_SURROGATE.test(text), { message: CONTROL_CHARACTER_MESSAGE });
