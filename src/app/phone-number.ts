import { z } from 'zod';

/** A phone number in E.164 form: `+`, country code, subscriber number, 8 to 15 digits in all. */
export const e164 = z.string().regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 phone number such as +5219981234567');

/** A phone number known to be in E.164 form. */
export type E164 = z.infer<typeof e164>;
