import { AcknowledgmentList } from '../interrupts/acknowledgments.js';

/**
 * Greetings, and the emoji that go with them: a message made only of these greets and answers
 * nothing («hola», «Holaaa 👋», «buenas tardes», «¿qué tal?»). Compared as whole words, accents, case
 * and drawn-out letters aside.
 */
export const GREETINGS: readonly string[] = [
  'hola', 'holi', 'holis', 'ola', 'buenas', 'buen día', 'buenos días', 'buenas tardes', 'buenas noches', 'qué tal', 'qué onda',
  'saludos', 'hey', 'hi', 'hello', '👋', '🙂', '😊', '🤗',
];

const GREETING_LIST = new AcknowledgmentList(GREETINGS);

/**
 * Whether her whole message only greets ({@link GREETINGS}): often she greets before she answers, or
 * comes back to a question hours later with «hola». A question asks itself again for it, as she first
 * read it, instead of «no te entendí», and spends no attempt.
 *
 * @example
 * onlyGreets('Holaaa 👋')          // true
 * onlyGreets('hola, estoy bien')   // false
 */
export function onlyGreets(text: string): boolean {
  return GREETING_LIST.isWholeMessage(text);
}
