import { durationSeconds } from '../definition/duration.js';
import { choiceAnswerProblems } from './choice-answers.js';
import { choicePhraseCollisions } from './choice-collisions.js';
import type { NodeFinding } from './node-kind.js';
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
  const atKey = (field: string, message: string) => findings.push({ path: [field], at: 'key', message });
  const missing = (field: string, why: string) =>
    findings.push({ path: [], at: 'key', message: `missing required field "${field}": ${why}` });
  const { answer, choices } = node;

  if (choices === undefined && answer === undefined) {
    findings.push({ path: [], at: 'key', message: 'a question needs "choices", an "answer" type, or both' });
  }
  if (answer === 'yes_no') {
    if (choices !== undefined) atKey('answer', '"answer: yes_no" cannot be combined with "choices": write "sí" and "no" as choices instead');
    if (node.on_yes === undefined) missing('on_yes', 'where the flow goes when she answers yes');
    if (node.on_no === undefined) missing('on_no', 'where the flow goes when she answers no');
  } else {
    for (const field of ['on_yes', 'on_no'] as const) {
      if (node[field] !== undefined) atKey(field, `"${field}" is only used with "answer: yes_no"`);
    }
  }
  if (answer === 'text' || answer === 'number' || answer === 'datetime') {
    if (node.next === undefined) missing('next', `where the flow goes after a valid ${answer} answer`);
  } else if (node.next !== undefined) {
    atKey('next', choices === undefined ? '"next" needs an "answer" type' : 'choices lead on with their own "next"; "next" is only used with an "answer" type');
  }
  if (answer === 'number' && choices !== undefined) {
    atKey('answer', '"answer: number" cannot be combined with "choices": numbers already pick choices by position');
  }
  if (answer !== 'number') {
    for (const field of ['min', 'max'] as const) {
      if (node[field] !== undefined) atKey(field, `"${field}" is only used with "answer: number"`);
    }
  } else if (node.min !== undefined && node.max !== undefined && node.min > node.max) {
    atKey('min', `"min" (${node.min}) is larger than "max" (${node.max})`);
  }
  if (node.show_choices && choices === undefined) atKey('show_choices', '"show_choices" needs "choices" to show');

  const alwaysUnderstood = answer === 'text';
  if (alwaysUnderstood && node.on_give_up !== undefined) {
    atKey('on_give_up', '"on_give_up" is never taken: an "answer: text" question accepts any answer');
  } else if (!alwaysUnderstood && (choices !== undefined || answer !== undefined) && node.on_give_up === undefined) {
    missing('on_give_up', `where the flow goes after ${node.max_attempts} answers it could not understand`);
  }

  if (node.timeout !== undefined) {
    const seconds = durationSeconds(node.timeout.after);
    if (seconds < TIMEOUT_RANGE_SECONDS.min || seconds > TIMEOUT_RANGE_SECONDS.max) {
      findings.push({ path: ['timeout', 'after'], at: 'value', message: '"after" must be between 1 minute (PT1M) and 30 days (P30D)' });
    }
  }

  const seenIds = new Set<string>();
  (choices ?? []).forEach((choice, index) => {
    if (seenIds.has(choice.id)) {
      findings.push({ path: ['choices', index, 'id'], at: 'value', message: `choice id "${choice.id}" is used twice in this question` });
    }
    seenIds.add(choice.id);
  });
  for (const problem of choiceAnswerProblems(choices ?? [])) findings.push({ ...problem, at: 'value' });
  for (const collision of choicePhraseCollisions(choices ?? [])) findings.push({ ...collision, at: 'value', severity: 'warning' });
  return findings;
}
