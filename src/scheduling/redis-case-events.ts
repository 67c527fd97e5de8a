import type { Redis } from 'ioredis';
import type { CaseEvent, CaseEventBus } from '../app/ports.js';

/**
 * The {@link CaseEventBus} over Redis pub/sub on `<prefix>:case-events`, so every process of the
 * service (gateway, workers, console) sees the same events. Messages carry ids only.
 *
 * @param publisher a shared connection used for PUBLISH
 * @param openSubscriber opens a dedicated connection (pub/sub needs one of its own)
 */
export function redisCaseEventBus(publisher: Redis, openSubscriber: () => Redis, prefix: string): CaseEventBus {
  const channel = `${prefix}:case-events`;
  return {
    async publish(event) {
      await publisher.publish(channel, JSON.stringify(event));
    },
    async subscribe(listener) {
      const subscriber = openSubscriber();
      subscriber.on('message', (_channel: string, raw: string) => {
        listener(JSON.parse(raw) as CaseEvent);
      });
      await subscriber.subscribe(channel);
      return async () => {
        await subscriber.quit();
      };
    },
  };
}
