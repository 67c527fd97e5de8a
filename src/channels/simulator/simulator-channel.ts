import type { ChannelHealth, ChannelPort, Clock } from '../../app/ports.js';
import { ChannelError } from '../../app/errors.js';
import type { SimulatorPhone } from './simulator-phone.js';

/**
 * The channel that stands in for WhatsApp in development and tests (`CHANNEL=simulator`): sending
 * delivers to a {@link SimulatorPhone}; inbound messages arrive through `POST /api/simulator/inbound`.
 * Sending the same idempotency key twice delivers once.
 */
export function simulatorChannel(phone: SimulatorPhone, clock: Clock, isRedisReady: () => boolean): ChannelPort {
  return {
    name: 'simulator',
    async send(message) {
      try {
        const channelMessageId = await phone.deliver(message.to, message.text, message.idempotencyKey, clock.now());
        return { channelMessageId };
      } catch (cause) {
        throw new ChannelError('SIMULATOR_UNAVAILABLE', 'the simulated phone could not be reached', { retryable: true, cause });
      }
    },
    health(): ChannelHealth {
      return isRedisReady() ? { state: 'ready' } : { state: 'disconnected', detail: 'redis' };
    },
    async close() {},
  };
}
