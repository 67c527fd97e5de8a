import { z } from 'zod';
import { ANSWER_TYPES, readTypedAnswer, type AnswerType } from '../answers/answer-type.js';
import { findYesNoInSentence } from '../answers/yes-no.js';
import { onlyGreets } from '../answers/greeting.js';
import { describeDuration, durationSeconds, isoDurationSchema } from '../definition/duration.js';
import { choiceIdSchema, nodeIdSchema, resultNameSchema } from '../definition/ids.js';
import { EngineError } from '../errors.js';
import { compileText, joinTexts, type CompiledText } from '../text/compiled-text.js';
import { firstText, localizedTextSchema } from '../text/localized-text.js';
import { ChoiceTable } from './choice-answers.js';
import { defineNodeKind, gotoAlong, type NodeEdge, type Transition } from './node-kind.js';
import { questionFindings } from './question-check.js';
import { questionSchema, type QuestionNodeDefinition } from './question-schema.js';
import { compileTemplateRef, templateRefSchema, templateTexts } from '../text/whatsapp-template.js';

/** Spanish names of the typed answers, for diagrams. */
const ANSWER_LABELS: Readonly<Record<AnswerType, string>> = {
  text: 'cualquier texto',
  number: 'un número',
  yes_no: 'sí / no',
  datetime: 'día u hora',
};

/**
 * Asks a question and waits for her answer. The answer can pick one of `choices` (by number "1",
 * "1.", "1️⃣", id, label in any language, or synonym; case, accents, emoji and surrounding
 * punctuation ignored), or be a typed `answer` (`text`, `number`, `yes_no`, `datetime`; see
 * `answers/`), or both. In order: the whole message as a choice; the whole message as a typed
 * answer; then a choice (or, for `yes_no`, a yes or no) inside her sentence ("me siento mal", "la
 * 3", "sí, ahorita puedo", "👍"), where a negation, two choices or a doubt mean a re-ask, never a
 * guess (see `answers/sentence-match.ts`). A `text`, `number` or `datetime` answer goes to
 * `next`; a `yes_no` one to `on_yes` or `on_no`. An answer not understood is met with `reask` (or the
 * question again); after `max_attempts` of them the flow goes to `on_give_up`. A message that only
 * greets («hola», «buenas tardes»: `answers/greeting.ts`) is met with the question again and spends
 * no attempt; a second one in a row gets nothing (the session's `greeted`). With `timeout`, the
 * host resumes the session after `after` without an answer and the flow goes to `timeout.next`. With
 * `save_as`, the answer is saved as a named result, which reports count by choice id (or `si`/`no`;
 * free text, numbers and dates only as answered). With `show_choices: true`, the numbered labels
 * are listed under the text.
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
 *   answer: datetime          # optional: "mañana a las 5" also works, and goes to next
 *   next: programar
 *   reask: "Perdona, no te entendí. Responde 1 (sí) o 2 (no)."
 *   max_attempts: 3           # optional, 3 if left out
 *   on_give_up: despedida
 *   timeout: { after: PT4H, next: sin_respuesta }   # optional
 *   save_as: buen_momento     # optional
 *   show_choices: false       # optional, false if left out
 *
 * cuantas_veces:
 *   type: question
 *   text: "Del 1 al 10, ¿cómo dormiste?"
 *   answer: number
 *   min: 1
 *   max: 10
 *   next: gracias
 *   on_give_up: gracias
 *
 * confirma:
 *   type: question
 *   text: "¿Te queda bien? Responde sí o no."
 *   answer: yes_no
 *   on_yes: confirmada
 *   on_no: otra_hora
 *   on_give_up: despedida
 * ```
 */
export const questionNode = defineNodeKind({
  type: 'question',
  schema: questionSchema,
  waitsForInput: true,
  edges(node) {
    const edges: NodeEdge[] = (node.choices ?? []).map((choice, index) => ({
      target: choice.next,
      path: ['choices', index, 'next'],
      label: firstText(choice.label),
    }));
    if (node.next !== undefined) edges.push({ target: node.next, path: ['next'], label: ANSWER_LABELS[node.answer ?? 'text'] });
    if (node.on_yes !== undefined) edges.push({ target: node.on_yes, path: ['on_yes'], label: 'sí' });
    if (node.on_no !== undefined) edges.push({ target: node.on_no, path: ['on_no'], label: 'no' });
    if (node.on_give_up !== undefined) {
      edges.push({ target: node.on_give_up, path: ['on_give_up'], label: `no se entendió ×${node.max_attempts}` });
    }
    if (node.timeout !== undefined) {
      edges.push({ target: node.timeout.next, path: ['timeout', 'next'], label: `sin respuesta en ${describeDuration(node.timeout.after)}` });
    }
    return edges;
  },
  texts: (node) => [
    { text: node.text, path: ['text'] },
    ...(node.reask === undefined ? [] : [{ text: node.reask, path: ['reask'] }]),
    ...(node.choices ?? []).map((choice, index) => ({ text: choice.label, path: ['choices', index, 'label'] })),
    ...templateTexts(node.template),
  ],
  resultsSaved(node) {
    if (node.save_as === undefined) return [];
    const values =
      node.answer === undefined ? node.choices?.map((choice) => choice.id) : node.answer === 'yes_no' && node.choices === undefined ? ['si', 'no'] : undefined;
    return [{ name: node.save_as, path: ['save_as'], values, datetime: node.answer === 'datetime' }];
  },
  check: questionFindings,
  guide: {
    summary:
      "Hace una pregunta y espera su respuesta. La respuesta puede elegir una de las `choices` (por número «1», «1.», «1️⃣», por id, por la etiqueta en cualquier idioma o por un sinónimo; sin importar mayúsculas, acentos, emojis ni la puntuación alrededor), o ser una respuesta tipada `answer` (`text`, `number`, `yes_no`, `datetime`, como «mañana a las 5»), o ambas: primero se prueban las opciones. Una respuesta `text`, `number` o `datetime` lleva a `next`; una `yes_no`, a `on_yes` u `on_no`. Si no se entiende, se contesta con `reask` (o la pregunta otra vez); después de `max_attempts` respuestas no entendidas el flujo va a `on_give_up`. Con `timeout`, si no responde en el tiempo `after`, el flujo sigue en `timeout.next`. Con `save_as`, la respuesta se guarda como resultado con nombre: los informes cuentan el id de la opción (o `si`/`no`), nunca sus palabras.",
    example: "momento:\n  type: question\n  text: \"¿Es buen momento para platicar? Responde 1 o 2\"\n  choices:\n    - { id: si, label: \"Sí\", synonyms: [claro, va], next: como_estas }\n    - { id: \"no\", label: \"No\", next: despedida }\n  reask: \"Perdona, no te entendí. Responde 1 (sí) o 2 (no).\"\n  max_attempts: 2\n  on_give_up: despedida\n  timeout: { after: PT4H, next: despedida }\n  save_as: buen_momento\n\nnueva_hora:\n  type: question\n  text: \"¿Cuándo te queda mejor? Por ejemplo: mañana a las 5\"\n  answer: datetime\n  save_as: nueva_hora\n  next: programar\n  on_give_up: despedida",
  },
  summary: (node) => `Pregunta: ${firstText(node.text)}`,
  sends: (node) => ({ text: withChoiceList(node, compileText(node.text)), template: node.template }),
  compile(id, node) {
    const withList = (text: CompiledText) => withChoiceList(node, text);
    const prompt = withList(compileText(node.text));
    const template = node.template ? compileTemplateRef(node.template) : undefined;
    const reask = node.reask === undefined ? prompt : withList(compileText(node.reask));
    const choices = node.choices ?? [];
    const table = ChoiceTable.build(choices);
    const choiceTargets = choices.map((choice, index) => gotoAlong(choice.next, ['choices', index, 'next']));
    const typedTarget = typedTargets(node);
    const giveUp = node.on_give_up === undefined ? undefined : gotoAlong(node.on_give_up, ['on_give_up']);
    const onTimeout = node.timeout === undefined ? undefined : gotoAlong(node.timeout.next, ['timeout', 'next']);
    const timeoutSeconds = node.timeout === undefined ? undefined : durationSeconds(node.timeout.after);
    const wait: Transition = timeoutSeconds === undefined ? { kind: 'wait' } : { kind: 'wait', timeoutSeconds };
    const { max_attempts: maxAttempts, save_as: saveAs, answer } = node;
    const bounds = { min: node.min, max: node.max };

    return {
      id,
      type: 'question',
      ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
      enter(step) {
        step.say(id, prompt, template);
        return wait;
      },
      receive(step, input) {
        if (input.kind === 'timeout') {
          if (onTimeout === undefined) throw new EngineError('NO_TIMEOUT', `question "${id}" has no timeout`);
          return onTimeout;
        }
        const exact = table.match(input.text);
        const typed = exact === undefined && answer !== undefined ? readTypedAnswer(answer, input.text, step.context, bounds) : undefined;
        // Exact answers first; only then is a choice (or a yes/no) looked for inside her sentence.
        const index = exact ?? (typed === undefined ? table.matchInSentence(input.text) : undefined);
        const choice = index === undefined ? undefined : choices[index];
        if (index !== undefined && choice !== undefined) {
          if (saveAs !== undefined) {
            const value = input.text.trim();
            step.saveResult(saveAs, { value, choice: choice.id, category: choice.id, node: id, at: step.context.now });
            step.emit({ type: 'result_saved', name: saveAs, value, choice: choice.id, category: choice.id, node: id });
          }
          return choiceTargets[index] ?? wait;
        }
        const value = typed ?? (answer === 'yes_no' ? findYesNoInSentence(input.text) : undefined);
        if (value !== undefined) {
          if (saveAs !== undefined) {
            // Only yes/no has a category: her own words, a number or a date are counted as answered.
            const category = answer === 'yes_no' ? { category: value } : {};
            step.saveResult(saveAs, { value, ...category, node: id, at: step.context.now });
            step.emit({ type: 'result_saved', name: saveAs, value, ...category, node: id });
          }
          return typedTarget(value) ?? wait;
        }
        // «hola»: no failed answer, often the line before her answer. The question again, as she
        // first read it (inside her 24 hours: no template), and no attempt spent; another greeting in
        // a row («hola», «hola?») gets nothing: the question she was just sent is the last thing on her screen.
        if (onlyGreets(input.text)) {
          if (step.greeted) {
            step.emit({ type: 'input_rejected', node: id, attempt: step.attempts, greeting: true, again: true });
            return wait;
          }
          step.emit({ type: 'input_rejected', node: id, attempt: step.attempts, greeting: true });
          step.greeted = true;
          step.say(id, prompt);
          return wait;
        }
        step.greeted = false;
        const attempt = step.attempts + 1;
        step.emit({ type: 'input_rejected', node: id, attempt });
        if (attempt >= maxAttempts && giveUp !== undefined) return giveUp;
        step.attempts = attempt;
        step.say(id, reask);
        return wait;
      },
    };
  },
});

/** Where a typed answer leads: `next`, or `on_yes`/`on_no` for yes/no answers. */
function typedTargets(node: QuestionNodeDefinition): (value: string) => Transition | undefined {
  if (node.answer === 'yes_no') {
    const yes = node.on_yes === undefined ? undefined : gotoAlong(node.on_yes, ['on_yes']);
    const no = node.on_no === undefined ? undefined : gotoAlong(node.on_no, ['on_no']);
    return (value) => (value === 'si' ? yes : no);
  }
  const next = node.next === undefined ? undefined : gotoAlong(node.next, ['next']);
  return () => next;
}

/** `1. Sí` / `2. No`, one per line, in every language. */
/** A question's text as she reads it: with `show_choices`, the numbered labels follow it. */
function withChoiceList(node: QuestionNodeDefinition, text: CompiledText): CompiledText {
  if (!node.show_choices || !node.choices) return text;
  return joinTexts(text, '\n\n', numberedLabels(node.choices.map((choice) => choice.label)));
}

function numberedLabels(labels: ReadonlyArray<NonNullable<QuestionNodeDefinition['choices']>[number]['label']>): CompiledText {
  return labels
    .map((label, index) => joinTexts(compileText(`${index + 1}. `), '', compileText(label)))
    .reduce((list, line) => joinTexts(list, '\n', line));
}
