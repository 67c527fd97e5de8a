/**
 * How long after the question reached her phone (sent, delivered or read: the newest of these the
 * channel reported) a message of hers is still taken as written before she could read it.
 */
export const READING_GRACE_MS = 5_000;

/**
 * Whether her message crossed the question waiting for her answer: she wrote it before she could have
 * read that question, which was not sent yet (or never reached her), or reached her less than
 * {@link READING_GRACE_MS} before she wrote. She often writes in several lines («Hola», «buenas
 * tardes», «¿puedo platicar?»): the lines after the first are not failed answers to the question the
 * first one started, and are not met with «no te entendí».
 *
 * @example
 * crossedQuestion({ status: 'queued', statusAt: t0 }, t0)                        // true
 * crossedQuestion({ status: 'read', statusAt: t0 }, new Date(t0.getTime() + 2_000))  // true
 * crossedQuestion({ status: 'delivered', statusAt: t0 }, new Date(t0.getTime() + 60_000)) // false
 */
export function crossedQuestion(question: { status: string; statusAt: Date } | null, writtenAt: Date): boolean {
  if (!question) return false;
  if (question.status === 'queued' || question.status === 'sending' || question.status === 'failed') return true;
  return writtenAt.getTime() < question.statusAt.getTime() + READING_GRACE_MS;
}
