import { z } from 'zod';
import { choiceIdSchema, nodeIdSchema, resultNameSchema } from '../definition/ids.js';
import { compileText, joinTexts, type CompiledText } from '../text/compiled-text.js';
import { localizedTextSchema } from '../text/localized-text.js';
import { compileTemplateRef, templateRefSchema, templateTexts } from '../text/whatsapp-template.js';
import { choiceAnswerProblems, ChoiceTable } from './choice-answers.js';
import { defineNodeKind, type NodeFinding, type Transition } from './node-kind.js';

/** How many unrecognised answers a question takes before `on_give_up`, unless it says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 3;

const choiceSchema = z.strictObject({
  id: choiceIdSchema,
  label: localizedTextSchema,
  synonyms: z.array(z.string()).default([]),
  next: nodeIdSchema,
});

/**
 * Asks a question and waits for an answer that picks one of its choices: by number ("1", "1.",
 * "1️⃣"), id, label (any translation) or synonym, ignoring case, accents, emoji and surrounding
 * punctuation. An unrecognised answer is met with `reask` (or the question again); after
 * `max_attempts` unrecognised answers the flow goes to `on_give_up`. With `save_as`, the answer is
 * saved as a result. With `show_choices: true`, the numbered labels are listed under the text. With
 * `template`, the question (not its re-asks) is sent as that approved WhatsApp template when free text
 * cannot reach her, as for a check-in that opens with it.
 *
 * ```yaml
 * momento:
 *   type: question
 *   text: "¿Es buen momento para platicar? Responde 1 o 2"
 *   choices:
 *     - id: si
 *       label: "Sí"
 *       synonyms: [claro, ok, va]
 *       next: como_estas
 *     - id: "no"
 *       label: "No"
 *       next: despedida
 *   reask: "Perdona, no te entendí. Responde 1 (sí) o 2 (no)."
 *   max_attempts: 3          # optional, 3 if left out
 *   on_give_up: despedida
 *   save_as: buen_momento    # optional
 *   show_choices: false      # optional, false if left out
 *   template: { name: acompana_buen_momento }   # optional, see whatsapp-template.ts
 * ```
 */
export const questionNode = defineNodeKind({
  type: 'question',
  schema: z.strictObject({
    type: z.literal('question'),
    text: localizedTextSchema,
    template: templateRefSchema.optional(),
    choices: z.array(choiceSchema).min(1),
    show_choices: z.boolean().default(false),
    reask: localizedTextSchema.optional(),
    max_attempts: z.int().min(1).max(10).default(DEFAULT_MAX_ATTEMPTS),
    on_give_up: nodeIdSchema,
    save_as: resultNameSchema.optional(),
  }),
  waitsForInput: true,
  edges: (node) => [
    ...node.choices.map((choice, index) => ({ target: choice.next, path: ['choices', index, 'next'] })),
    { target: node.on_give_up, path: ['on_give_up'] },
  ],
  texts: (node) => [
    { text: node.text, path: ['text'] },
    ...(node.reask === undefined ? [] : [{ text: node.reask, path: ['reask'] }]),
    ...node.choices.map((choice, index) => ({ text: choice.label, path: ['choices', index, 'label'] })),
    ...templateTexts(node.template),
  ],
  check(node) {
    const findings: NodeFinding[] = [];
    const seenIds = new Set<string>();
    node.choices.forEach((choice, index) => {
      if (seenIds.has(choice.id)) {
        findings.push({
          path: ['choices', index, 'id'],
          at: 'value',
          message: `choice id "${choice.id}" is used twice in this question`,
        });
      }
      seenIds.add(choice.id);
    });
    for (const problem of choiceAnswerProblems(node.choices)) {
      findings.push({ ...problem, at: 'value' });
    }
    return findings;
  },
  compile(id, node) {
    const list = node.show_choices ? numberedLabels(node.choices.map((choice) => choice.label)) : undefined;
    const withList = (text: CompiledText) => (list === undefined ? text : joinTexts(text, '\n\n', list));
    const prompt = withList(compileText(node.text));
    const reask = node.reask === undefined ? prompt : withList(compileText(node.reask));
    const template = node.template ? compileTemplateRef(node.template) : undefined;
    const table = ChoiceTable.build(node.choices);
    const targets: Transition[] = node.choices.map((choice) => ({ kind: 'goto', node: choice.next }));
    const giveUp: Transition = { kind: 'goto', node: node.on_give_up };
    const wait: Transition = { kind: 'wait' };
    const { max_attempts: maxAttempts, save_as: saveAs } = node;

    return {
      id,
      type: 'question',
      enter(step) {
        step.say(id, prompt, template);
        return wait;
      },
      receive(step, input) {
        const index = table.match(input.text);
        const choice = index === undefined ? undefined : node.choices[index];
        if (index === undefined || choice === undefined) {
          const attempt = step.attempts + 1;
          step.emit({ type: 'input_rejected', node: id, attempt });
          if (attempt >= maxAttempts) return giveUp;
          step.attempts = attempt;
          step.say(id, reask);
          return wait;
        }
        if (saveAs !== undefined) {
          const value = input.text.trim();
          step.saveResult(saveAs, { value, choice: choice.id, node: id, at: step.context.now });
          step.emit({ type: 'result_saved', name: saveAs, value, choice: choice.id, node: id });
        }
        return targets[index] ?? giveUp;
      },
    };
  },
});

/** A `question` node as written in a flow file (defaults applied). */
export type QuestionNodeDefinition = z.output<typeof questionNode.schema>;

/** `1. Sí` / `2. No`, one per line, in every language. */
function numberedLabels(labels: ReadonlyArray<QuestionNodeDefinition['choices'][number]['label']>): CompiledText {
  return labels
    .map((label, index) => joinTexts(compileText(`${index + 1}. `), '', compileText(label)))
    .reduce((list, line) => joinTexts(list, '\n', line));
}
