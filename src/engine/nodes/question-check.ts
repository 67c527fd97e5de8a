import { durationSeconds } from '../definition/duration.js';
import { choiceAnswerProblems } from './choice-answers.js';
import { choicePhraseCollisions } from './choice-collisions.js';
import type { NodeFinding } from './node-kind.js';
import { staffText } from '../staff-text.js';
import type { QuestionNodeDefinition } from './question-schema.js';

/** The shortest and longest timeout a question may have. */
const TIMEOUT_RANGE_SECONDS = { min: 60, max: 30 * 24 * 3600 } as const;

/**
 * The rules between a question's fields that the schema cannot say: which exits each kind of
 * answer needs (so no answer leads nowhere), fields that would never be used, repeated or
 * ambiguous choices.
 */
export function questionFindings(node: QuestionNodeDefinition): NodeFinding[] {
  const findings: NodeFinding[] = [];
  const atKey = (field: string, es: string, en: string) => findings.push({ path: [field], at: 'key', message: staffText(es, en) });
  const missing = (field: string, es: string, en: string) =>
    findings.push({ path: [], at: 'key', message: staffText(`falta el campo obligatorio "${field}": ${es}`, `missing required field "${field}": ${en}`) });
  const { answer, choices } = node;

  if (choices === undefined && answer === undefined) {
    const message = staffText('una pregunta necesita "choices", un tipo de respuesta "answer", o los dos', 'a question needs "choices", an "answer" type, or both');
    findings.push({ path: [], at: 'key', message });
  }
  if (answer === 'yes_no') {
    if (choices !== undefined) {
      atKey(
        'answer',
        '"answer: yes_no" no se puede combinar con "choices": mejor escribe "sí" y "no" como opciones',
        '"answer: yes_no" cannot be combined with "choices": write "sí" and "no" as choices instead',
      );
    }
    if (node.on_yes === undefined) missing('on_yes', 'a dónde va el flujo cuando ella responde que sí', 'where the flow goes when she answers yes');
    if (node.on_no === undefined) missing('on_no', 'a dónde va el flujo cuando ella responde que no', 'where the flow goes when she answers no');
  } else {
    for (const field of ['on_yes', 'on_no'] as const) {
      if (node[field] !== undefined) atKey(field, `"${field}" solo se usa con "answer: yes_no"`, `"${field}" is only used with "answer: yes_no"`);
    }
  }
  if (answer === 'text' || answer === 'number' || answer === 'datetime') {
    if (node.next === undefined) {
      missing('next', `a dónde va el flujo después de una respuesta ${answer} válida`, `where the flow goes after a valid ${answer} answer`);
    }
  } else if (node.next !== undefined) {
    if (choices === undefined) atKey('next', '"next" necesita un tipo de respuesta "answer"', '"next" needs an "answer" type');
    else {
      atKey(
        'next',
        'las opciones siguen con su propio "next"; "next" solo se usa con un tipo de respuesta "answer"',
        'choices lead on with their own "next"; "next" is only used with an "answer" type',
      );
    }
  }
  if (answer === 'number' && choices !== undefined) {
    atKey(
      'answer',
      '"answer: number" no se puede combinar con "choices": los números ya eligen las opciones por su posición',
      '"answer: number" cannot be combined with "choices": numbers already pick choices by position',
    );
  }
  if (answer !== 'number') {
    for (const field of ['min', 'max'] as const) {
      if (node[field] !== undefined) atKey(field, `"${field}" solo se usa con "answer: number"`, `"${field}" is only used with "answer: number"`);
    }
  } else if (node.min !== undefined && node.max !== undefined && node.min > node.max) {
    atKey('min', `"min" (${node.min}) es mayor que "max" (${node.max})`, `"min" (${node.min}) is larger than "max" (${node.max})`);
  }
  if (node.show_choices && choices === undefined) atKey('show_choices', '"show_choices" necesita "choices" que mostrar', '"show_choices" needs "choices" to show');

  const alwaysUnderstood = answer === 'text';
  if (alwaysUnderstood && node.on_give_up !== undefined) {
    atKey(
      'on_give_up',
      '"on_give_up" nunca se toma: una pregunta "answer: text" acepta cualquier respuesta',
      '"on_give_up" is never taken: an "answer: text" question accepts any answer',
    );
  } else if (!alwaysUnderstood && (choices !== undefined || answer !== undefined) && node.on_give_up === undefined) {
    missing(
      'on_give_up',
      `a dónde va el flujo después de ${node.max_attempts} respuestas que no pudo entender`,
      `where the flow goes after ${node.max_attempts} answers it could not understand`,
    );
  }

  if (node.timeout !== undefined) {
    const seconds = durationSeconds(node.timeout.after);
    if (seconds < TIMEOUT_RANGE_SECONDS.min || seconds > TIMEOUT_RANGE_SECONDS.max) {
      const message = staffText('"after" debe estar entre 1 minuto (PT1M) y 30 días (P30D)', '"after" must be between 1 minute (PT1M) and 30 days (P30D)');
      findings.push({ path: ['timeout', 'after'], at: 'value', message });
    }
  }

  const seenIds = new Set<string>();
  (choices ?? []).forEach((choice, index) => {
    if (seenIds.has(choice.id)) {
      const message = staffText(`el id de opción "${choice.id}" se usa dos veces en esta pregunta`, `choice id "${choice.id}" is used twice in this question`);
      findings.push({ path: ['choices', index, 'id'], at: 'value', message });
    }
    seenIds.add(choice.id);
  });
  for (const problem of choiceAnswerProblems(choices ?? [])) findings.push({ ...problem, at: 'value' });
  for (const collision of choicePhraseCollisions(choices ?? [])) findings.push({ ...collision, at: 'value', severity: 'warning' });
  return findings;
}
