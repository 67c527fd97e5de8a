import { CODE_WORD_MAX_LENGTH, CODE_WORD_MIN_LETTERS, codeWordProblem, normalizeCodeWord, type CodeWordProblem, type InterruptSettings } from '../../engine/index.js';
import type { CaseEventBus } from '../ports.js';
import { ConsoleError } from './errors.js';
import { assertCanSee } from './policy.js';
import type { ConsoleCaseStore, StaffIdentity } from './ports.js';

/** What {@link setCodeWord} needs. */
export interface SetCodeWordDeps {
  cases: Pick<ConsoleCaseStore, 'facts' | 'withCase'>;
  events: Pick<CaseEventBus, 'publish'>;
  /** The deployment's emergency and opt-out words, which a code word must not hide. */
  interrupts: InterruptSettings;
  /** The keyed hash of a code word's normalized form (`PHONE_HASH_KEY`, as the worker compares her messages). */
  hashCodeWord(normalized: string): string;
}

/** Why a word was refused, as the staff member reads it. */
const PROBLEMS: Record<CodeWordProblem, string> = {
  too_long: `La palabra clave debe tener como máximo ${CODE_WORD_MAX_LENGTH} caracteres.`,
  too_short: `La palabra clave debe tener al menos ${CODE_WORD_MIN_LETTERS} letras: las más cortas («sí», «ok») son respuestas de todos los días.`,
  no_letters: 'La palabra clave debe tener letras: un número es la respuesta a una pregunta.',
  interrupt_word: 'Esa palabra ya es de emergencia o de baja: elige otra, que no se parezca a ellas.',
  everyday_answer: 'Esa palabra es una respuesta de todos los días (sí, no, hola, gracias…): elige una que ella no escribiría sin querer.',
};

/**
 * Records the code word she agreed with her psychologist (`word`), or removes it (`null`), by whoever
 * may see the case, under the case's lock. Only its keyed hash is stored; the word is never kept,
 * logged or audited. Her next message that is the code word (whatever its case, accents or signs)
 * ends the conversation and raises an urgent alert. Audited `case.code_word_set` or
 * `case.code_word_removed`.
 *
 * @throws ConsoleError `case_not_found`, `forbidden`, `code_word_unsuitable` (why, in its message).
 */
export async function setCodeWord(deps: SetCodeWordDeps, staff: StaffIdentity, caseId: string, word: string | null): Promise<void> {
  assertCanSee(staff, await deps.cases.facts(caseId));
  let hash: string | null = null;
  if (word !== null) {
    const problem = codeWordProblem(deps.interrupts, word);
    if (problem) throw new ConsoleError('code_word_unsuitable', PROBLEMS[problem], { problem });
    hash = deps.hashCodeWord(normalizeCodeWord(word));
  }
  await deps.cases.withCase(caseId, async (locked) => {
    await locked.setCodeWordHash(hash);
    await locked.audit({ staffId: staff.id, action: hash ? 'case.code_word_set' : 'case.code_word_removed', subject: `case:${caseId}`, detail: {} });
  });
  await deps.events.publish({ type: 'attention_changed', caseId });
}
