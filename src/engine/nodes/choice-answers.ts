import { SentenceMatcher } from '../answers/sentence-match.js';
import { NO_ANSWERS, YES_ANSWERS } from '../answers/yes-no.js';
import { phraseKeys } from '../interrupts/words.js';
import { textVersions, type LocalizedText } from '../text/localized-text.js';
import { isNumberAnswer, normalizeAnswer } from '../text/normalize-answer.js';
import type { PathSegment } from './node-kind.js';
import { staffText, type StaffText } from '../staff-text.js';

/** The parts of a choice that answers are matched against. */
export interface MatchableChoice {
  readonly id: string;
  readonly label: LocalizedText;
  readonly synonyms: readonly string[];
}

/**
 * One way of picking a choice: its number, id, a label translation or a synonym, reduced by
 * `normalizeAnswer` to `key`. `path` is where it is written inside the question node.
 *
 * @example
 * { key: 'mas o menos', written: 'Más o menos', choice: 1, path: ['choices', 1, 'label'], isPosition: false }
 */
export interface ChoiceAnswer {
  readonly key: string;
  readonly written: string;
  readonly choice: number;
  readonly path: readonly PathSegment[];
  readonly isPosition: boolean;
}

/** Every answer that picks one of these choices, in file order. */
export function choiceAnswers(choices: readonly MatchableChoice[]): ChoiceAnswer[] {
  const answers: ChoiceAnswer[] = [];
  choices.forEach((choice, index) => {
    const at = ['choices', index] as const;
    const add = (written: string, path: readonly PathSegment[], isPosition = false) =>
      answers.push({ key: normalizeAnswer(written), written, choice: index, path, isPosition });
    add(String(index + 1), at, true);
    add(choice.id, [...at, 'id']);
    for (const [language, text] of textVersions(choice.label)) {
      add(text, typeof choice.label === 'string' ? [...at, 'label'] : [...at, 'label', language]);
    }
    choice.synonyms.forEach((synonym, synonymIndex) => add(synonym, [...at, 'synonyms', synonymIndex]));
  });
  return answers;
}

/**
 * The built-in ways of saying yes or no ({@link YES_ANSWERS}, {@link NO_ANSWERS}: «simón», «sip»,
 * «ajá», «nel», «nop»…) as answers of a choice whose id or label is «sí» or «no», so a flow's
 * «Sí» / «No» question reads them as an `answer: yes_no` question does. One a choice of the question
 * already writes stays that choice's: the flow's own words always win.
 */
function yesNoVocabulary(choices: readonly MatchableChoice[], written: ReadonlySet<string>): ChoiceAnswer[] {
  const answers: ChoiceAnswer[] = [];
  choices.forEach((choice, index) => {
    const names = [choice.id, ...textVersions(choice.label).map(([, text]) => text)].map(normalizeAnswer);
    const vocabulary = names.includes('si') ? YES_ANSWERS : names.includes('no') ? NO_ANSWERS : [];
    for (const key of vocabulary) {
      if (!written.has(key)) answers.push({ key, written: key, choice: index, path: ['choices', index], isPosition: false });
    }
  });
  return answers;
}

/** Marks a key that leads to more than one choice (never left by a flow that passed its checks). */
const AMBIGUOUS = -1;

/**
 * A lookup from normalized answer to choice index, built once per question.
 *
 * @example
 * const table = ChoiceTable.build(choices);
 * table.match(' ¡SÍ! ') // 0
 * table.match('quién sabe') // undefined
 */
export class ChoiceTable {
  private constructor(
    private readonly byKey: ReadonlyMap<string, number>,
    private readonly inSentence: SentenceMatcher,
  ) {}

  /** Builds the table; a key shared by two choices matches neither. */
  static build(choices: readonly MatchableChoice[]): ChoiceTable {
    const byKey = new Map<string, number>();
    const written = choiceAnswers(choices);
    const answers = [...written, ...yesNoVocabulary(choices, new Set(written.map((answer) => answer.key)))];
    for (const answer of answers) {
      if (answer.key === '') continue;
      const existing = byKey.get(answer.key);
      byKey.set(answer.key, existing === undefined || existing === answer.choice ? answer.choice : AMBIGUOUS);
    }
    const phrases = answers.filter((answer) => !answer.isPosition).map((answer) => ({ words: phraseKeys(answer.written), pick: answer.choice }));
    return new ChoiceTable(byKey, new SentenceMatcher(phrases, choices.length));
  }

  /** The index of the choice this text picks, or undefined when none (or more than one) fits. */
  match(text: string): number | undefined {
    const index = this.byKey.get(normalizeAnswer(text));
    return index === undefined || index === AMBIGUOUS ? undefined : index;
  }

  /**
   * The index of the choice her sentence gives ("me siento mal", "la 3", "👍"), by the rules of
   * {@link SentenceMatcher}: undefined when none fits, two choices fit, or a negation or doubt is near.
   * Tried only after {@link match} and any typed answer found nothing.
   */
  matchInSentence(text: string): number | undefined {
    return this.inSentence.find(text);
  }
}

/** Problems with how the answers of a question's choices could be told apart. */
export function choiceAnswerProblems(choices: readonly MatchableChoice[]): Array<{
  readonly path: readonly PathSegment[];
  readonly message: StaffText;
}> {
  const problems: Array<{ path: readonly PathSegment[]; message: StaffText }> = [];
  const firstByKey = new Map<string, ChoiceAnswer>();
  for (const answer of choiceAnswers(choices)) {
    if (answer.key === '') {
      problems.push({
        path: answer.path,
        message: staffText(
          `"${answer.written}" no tiene letras ni dígitos sin contar emojis ni puntuación, así que ninguna respuesta puede coincidir`,
          `"${answer.written}" has no letters or digits once emoji and punctuation are ignored, so no answer can match it`,
        ),
      });
      continue;
    }
    if (!answer.isPosition && isNumberAnswer(answer.key) && answer.key !== String(answer.choice + 1)) {
      problems.push({
        path: answer.path,
        message: staffText(
          `"${answer.written}" es un número, y los números eligen las opciones por su posición (1 a ${choices.length}): usa palabras aquí`,
          `"${answer.written}" is a number, and numbers pick choices by position (1 to ${choices.length}): use words here`,
        ),
      });
      continue;
    }
    const first = firstByKey.get(answer.key);
    if (first === undefined) {
      firstByKey.set(answer.key, answer);
    } else if (first.choice !== answer.choice) {
      const firstId = choices[first.choice]?.id ?? '';
      const thisId = choices[answer.choice]?.id ?? '';
      if (firstId === thisId) continue; // a repeated choice id, reported on its own
      problems.push({
        path: answer.path,
        message: staffText(
          `"${answer.written}" coincidiría con la opción "${firstId}" y con la opción "${thisId}": una respuesta debe elegir solo una`,
          `"${answer.written}" would match both choice "${firstId}" and choice "${thisId}": an answer must pick only one`,
        ),
      });
    }
  }
  return problems;
}
