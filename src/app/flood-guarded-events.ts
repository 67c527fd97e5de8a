import { floodGuardedSink } from './flood-guard.js';
import type { ChannelEvents } from './ports.js';

/**
 * {@link ChannelEvents} whose messages from her, texts and non-text alike, first pass the per-number
 * flood guard (see {@link floodGuardedSink}; one counter per number for both). Over the limit the call
 * throws `RateLimitedError` (`code: 'RATE_LIMITED'`) and nothing is queued: the simulator answers 429,
 * the WhatsApp channels drop the message. Takeovers and delivery statuses are not limited.
 */
export function floodGuardedEvents(events: ChannelEvents, deps: Parameters<typeof floodGuardedSink>[1]): ChannelEvents {
  const gate = floodGuardedSink({ accept: async () => undefined }, deps);
  return {
    async inbound(message) {
      await gate.accept(message);
      await events.inbound(message);
    },
    async nonTextInbound(message) {
      const { channel, channelMessageId, from, receivedAt } = message;
      await gate.accept({ channel, channelMessageId, from, receivedAt, text: '' });
      await events.nonTextInbound(message);
    },
    humanTookOver: (event) => events.humanTookOver(event),
    deliveryStatus: (update) => events.deliveryStatus(update),
  };
}
