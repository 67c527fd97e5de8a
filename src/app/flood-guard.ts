import type { Logger } from 'pino';
import type { E164 } from './phone-number.js';
import type { CaseEventBus, ChannelEvents } from './ports.js';

/** Counts events per key in fixed windows. */
export interface RateCounter {
  /** Counts one more event for `key` in the current window; returns the count so far and when the window ends. */
  hit(key: string, windowMs: number): Promise<{ count: number; resetInMs: number }>;
  /** The count for `key` in the current window so far, counting nothing. */
  peek(key: string, windowMs: number): Promise<number>;
}

/** Raises the staff alert for a number that floods the service (once per window). */
export interface FloodAlerts {
  /** Records an alert for the case of `phone` (or for an unknown number); returns its id and case. */
  raise(phone: E164, reason: string): Promise<{ alertId: string; caseId: string | null }>;
}

/** Raised when a number sends more than the limit: the gateway answers 429, nothing is queued. */
export class RateLimitedError extends Error {
  /** Stable code for callers and logs. */
  readonly code = 'RATE_LIMITED';
  constructor(readonly retryAfterMs: number) {
    super('too many messages from this number; try again shortly');
    this.name = 'RateLimitedError';
  }
}

/** The limit: at most `max` messages per number per `windowMs`. */
export interface FloodLimit {
  max: number;
  windowMs: number;
}

/**
 * Wraps a channel's {@link ChannelEvents} so that each number may send at most `limit.max` messages
 * (text or not) per window. The first message over the limit raises one staff alert for that window;
 * every one over it is refused with {@link RateLimitedError} (the gateway answers 429, a webhook
 * drops it), so a flood from one phone cannot starve the queue for the others; `admits` tells a
 * channel, before it downloads a file, whether the number is already over. Keys are hashes, never
 * numbers. Her edits and deletions count as messages; delivery statuses and takeovers pass untouched.
 */
export function floodGuarded(
  inner: ChannelEvents,
  deps: { counter: RateCounter; alerts: FloodAlerts; events: CaseEventBus; log: Logger; hashPhone: (p: E164) => string; limit: FloodLimit },
): ChannelEvents {
  const key = (from: E164) => `flood:${deps.hashPhone(from)}`;
  const admit = async (from: E164) => {
    const { count, resetInMs } = await deps.counter.hit(key(from), deps.limit.windowMs);
    if (count <= deps.limit.max) return;
    if (count === deps.limit.max + 1) {
      const { alertId, caseId } = await deps.alerts.raise(
        from,
        `Más de ${deps.limit.max} mensajes en ${Math.round(deps.limit.windowMs / 1000)} s desde un mismo número`,
      );
      await deps.events.publish({ type: 'alert_raised', caseId, alertId });
      deps.log.warn({ caseId, alertId }, 'a number exceeded the message rate limit');
    }
    throw new RateLimitedError(resetInMs);
  };
  return {
    ...inner,
    async admits(from) {
      return (await deps.counter.peek(key(from), deps.limit.windowMs)) < deps.limit.max;
    },
    async inbound(message) {
      await admit(message.from);
      await inner.inbound(message);
    },
    async nonTextInbound(message) {
      await admit(message.from);
      await inner.nonTextInbound(message);
    },
    async messageChanged(change) {
      await admit(change.from);
      await inner.messageChanged(change);
    },
  };
}
