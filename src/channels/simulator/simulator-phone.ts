import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A message as the simulated phone received it. */
export interface SimulatedDelivery {
  id: string;
  to: string;
  text: string;
  at: string;
}

/**
 * How long a simulated phone keeps what it received: an hour, enough to follow a rehearsal, so texts
 * never sit in plain in Redis for days.
 */
export const SIMULATOR_OUTBOX_SECONDS = 3600;

/** How long a delivery's idempotency mark (an id, no text) is kept: a week, past any retry. */
const SENT_MARK_SECONDS = 604800;

/** Appends a delivery once per idempotency key, atomically, and announces it. */
const DELIVER_ONCE = `
local first = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ${SENT_MARK_SECONDS})
if first then
  redis.call('RPUSH', KEYS[2], ARGV[2])
  redis.call('EXPIRE', KEYS[2], ${SIMULATOR_OUTBOX_SECONDS})
  redis.call('PUBLISH', KEYS[3], ARGV[3])
  return ARGV[1]
end
return redis.call('GET', KEYS[1])
`;

/**
 * The simulated phones: what the simulator channel "delivers" is kept in Redis (an hour, see
 * {@link SIMULATOR_OUTBOX_SECONDS}), so every
 * process of the service sees the same phones and the `/simulator` page can follow them live.
 * Keys hold a hash of the number, not the number.
 */
export class SimulatorPhone {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** The pub/sub channel on which deliveries are announced as JSON `{ key, delivery }`. */
  get eventsChannel(): string {
    return `${this.prefix}:sim:events`;
  }

  /** The key under which deliveries to `to` are announced. */
  keyFor(to: string): string {
    return createHash('sha256').update(`simulator:${to}`).digest('hex').slice(0, 32);
  }

  /** Delivers `text` to `to` unless `idempotencyKey` was delivered already; returns the message id. */
  async deliver(to: string, text: string, idempotencyKey: string, at: Date): Promise<string> {
    const delivery: SimulatedDelivery = { id: `sim-${randomUUID()}`, to, text, at: at.toISOString() };
    const key = this.keyFor(to);
    const id = await this.redis.eval(
      DELIVER_ONCE,
      3,
      `${this.prefix}:sim:sent:${idempotencyKey}`,
      `${this.prefix}:sim:outbox:${key}`,
      this.eventsChannel,
      delivery.id,
      JSON.stringify(delivery),
      JSON.stringify({ key, delivery }),
    );
    return String(id);
  }

  /** Everything delivered to `to`, oldest first. */
  async received(to: string): Promise<SimulatedDelivery[]> {
    const rows = await this.redis.lrange(`${this.prefix}:sim:outbox:${this.keyFor(to)}`, 0, -1);
    return rows.map((row) => JSON.parse(row) as SimulatedDelivery);
  }
}
