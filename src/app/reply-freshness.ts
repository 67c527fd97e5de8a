/**
 * How long after she wrote the bot's reply still answers her: she was at her phone then. Her
 * message's time is the one the channel gave it (`receivedAt`: when WhatsApp took it from her phone),
 * not when the service got to it, so a message handed over late (a webhook Meta delivers again after
 * an outage, the unread messages read after the phone is linked again) counts from when she wrote.
 * A reply later than that counts as initiated by the service: it goes only inside her safe hours,
 * never at 3 a.m. for a message she wrote at 9 p.m.
 */
export const REPLY_FRESH_MS = 15 * 60_000;

/**
 * Whether a reply sent at `now` to her message of `receivedAt` comes too late to answer her.
 *
 * @example
 * replyIsLate(new Date('2026-12-06T03:00:00Z'), new Date('2026-12-06T09:00:00Z')) // true
 */
export function replyIsLate(receivedAt: Date, now: Date): boolean {
  return now.getTime() - receivedAt.getTime() > REPLY_FRESH_MS;
}
