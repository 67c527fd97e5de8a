import type { Redis } from 'ioredis';
import { createHash } from 'node:crypto';

/** How long a channel message id is remembered as handed over. */
const KEEP_SECONDS = 2 * 24 * 3600;

/**
 * Hands each channel message over once, across restarts: a message id is marked in Redis (as a hash,
 * under `<prefix>:seen:<hash>`) once its hand-over succeeded; a message whose hand-over failed stays
 * unmarked, so the channel's redelivery is not lost. A copy arriving while the first is being handed
 * over in this process is dropped; copies racing in two processes may both pass, and the inbound
 * queue's job id and the contact table's unique key catch those.
 */
export class SeenOnce {
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /**
   * Runs `handOver` unless `id` was handed over before; returns whether it handed over. `handOver` may
   * resolve `false` to say it could not (yet): the id stays unmarked, so a later delivery is tried.
   */
  async run(id: string, handOver: () => Promise<boolean | void>): Promise<boolean> {
    const key = `${this.prefix}:seen:${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
    if (this.inFlight.has(key)) return false;
    this.inFlight.add(key);
    try {
      if ((await this.redis.exists(key)) === 1) return false;
      if ((await handOver()) === false) return false;
      await this.redis.set(key, '1', 'EX', KEEP_SECONDS);
      return true;
    } finally {
      this.inFlight.delete(key);
    }
  }
}
