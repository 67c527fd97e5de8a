import { z } from 'zod';
import { ANSWER_TYPES } from '../answers/answer-type.js';
import { isoDurationSchema } from '../definition/duration.js';
import { choiceIdSchema, nodeIdSchema, resultNameSchema } from '../definition/ids.js';
import { localizedTextSchema } from '../text/localized-text.js';
import { templateRefSchema } from '../text/whatsapp-template.js';

/** How many unrecognised answers a question takes before `on_give_up`, unless it says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 3;

const choiceSchema = z.strictObject({
  id: choiceIdSchema.describe('The value saved and compared by branches, e.g. mas_o_menos.'),
  label: localizedTextSchema.describe('What the choice says; she can also answer with it.'),
  synonyms: z.array(z.string()).default([]).describe('Other answers that pick this choice (accents and case ignored).'),
  next: nodeIdSchema.describe('The node this choice leads to.'),
});

/** The strict schema of a `question` node (cross-field rules live in `question-check.ts`). */
export const questionSchema = z.strictObject({
  type: z.literal('question'),
  text: localizedTextSchema.describe('The question, as she reads it.'),
  choices: z.array(choiceSchema).min(1).optional().describe('Answers she can pick, tried before any typed answer.'),
  answer: z.enum(ANSWER_TYPES).optional().describe('A typed answer: text, number, yes_no or datetime.'),
  min: z.number().optional().describe('Smallest number accepted (answer: number).'),
  max: z.number().optional().describe('Largest number accepted (answer: number).'),
  next: nodeIdSchema.optional().describe('Where a text, number or datetime answer leads.'),
  on_yes: nodeIdSchema.optional().describe('Where a yes leads (answer: yes_no).'),
  on_no: nodeIdSchema.optional().describe('Where a no leads (answer: yes_no).'),
  show_choices: z.boolean().default(false).describe('List the numbered choice labels under the text.'),
  template: templateRefSchema.optional().describe('Approved WhatsApp template sent instead of the question when free text cannot reach her (not for re-asks).'),
  reask: localizedTextSchema.optional().describe('Said when her answer was not understood (default: the question again).'),
  max_attempts: z.int().min(1).max(10).default(DEFAULT_MAX_ATTEMPTS).describe('Answers not understood before on_give_up.'),
  on_give_up: nodeIdSchema.optional().describe('Where the flow goes after max_attempts answers not understood.'),
  timeout: z
    .strictObject({
      after: isoDurationSchema.describe('How long to wait, ISO 8601: PT4H, PT30M, P1D.'),
      next: nodeIdSchema.describe('Where the flow goes when she does not answer in time.'),
    })
    .optional()
    .describe('What happens when she does not answer.'),
  save_as: resultNameSchema.optional().describe('Saves the answer as a named result, for reports and branches.'),
});


/** A `question` node as written in a flow file (defaults applied). */
export type QuestionNodeDefinition = z.output<typeof questionSchema>;
