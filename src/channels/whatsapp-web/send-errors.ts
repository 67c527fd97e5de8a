import { ChannelError } from '../../app/errors.js';
import type { ChannelHealth } from '../../app/ports.js';

/**
 * Classifies what sending through whatsapp-web.js threw: a browser that went away or a page in
 * navigation is transient; a number WhatsApp rejects is not; anything unknown is retried (the job's
 * attempts are capped), since dropping a message is worse than trying again.
 *
 * @example
 * sendError(new Error('Protocol error (Runtime.callFunctionOn): Target closed.')).retryable // true
 */
export function sendError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (/invalid wid|wid error|not a valid (user|number)/i.test(text)) {
    return new ChannelError('WA_INVALID_NUMBER', 'WhatsApp rejected the number', { retryable: false, cause: error });
  }
  if (/Target closed|Session closed|Protocol error|Execution context was destroyed|detached Frame|browser has disconnected/i.test(text)) {
    return new ChannelError('WA_BROWSER', 'the WhatsApp browser went away during the send', { retryable: true, cause: error });
  }
  return new ChannelError('WA_SEND_FAILED', 'WhatsApp did not take the message', { retryable: true, cause: error });
}

/**
 * The error for a send while no client is ready (starting, QR code to scan, disconnected, or the
 * session held by another gateway process). It asks to be tried again after `retryAfterMs`, which
 * uses up no attempt: messages wait however long the phone stays unlinked, and a job taken by a
 * process without the session goes back to the queue for the one that has it.
 */
export function notReady(health: ChannelHealth, retryAfterMs: number): ChannelError {
  return new ChannelError('WA_NOT_READY', `WhatsApp is not ready (${health.state})`, { retryable: true, retryAfterMs });
}
