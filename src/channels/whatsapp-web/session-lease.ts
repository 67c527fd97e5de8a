import type { Redis } from 'ioredis';

const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * The right to run the WhatsApp session, held in Redis (`SET key owner NX PX ttl`) so that two
 * processes never open the same session folder (WhatsApp would disconnect one, Chromium refuses a
 * profile in use). The holder renews it every third of its lifetime; when a renewal finds it gone or
 * taken, or Redis cannot be reached for a whole lifetime, `onLost` is called once and the holder must
 * stop its client.
 */
export class SessionLease {
  private timer: NodeJS.Timeout | undefined;
  private lastRenewedAt = 0;
  private holding = false;
  private renewing = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly owner: string,
    private readonly ttlMs: number,
    private readonly onLost: () => void,
  ) {}

  /** Whether this process holds the lease now. */
  get held(): boolean {
    return this.holding;
  }

  /** Takes the lease if it is free (or already ours) and starts renewing it; false when another holds it. */
  async acquire(): Promise<boolean> {
    const taken = await this.redis.set(this.key, this.owner, 'PX', this.ttlMs, 'NX');
    const ours = taken === 'OK' || Number(await this.redis.eval(RENEW, 1, this.key, this.owner, this.ttlMs)) === 1;
    if (!ours) return false;
    this.holding = true;
    this.lastRenewedAt = Date.now();
    clearInterval(this.timer);
    this.timer = setInterval(() => void this.renew(), Math.max(100, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
    return true;
  }

  /** Gives the lease up (only if still ours). */
  async release(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    if (!this.holding) return;
    this.holding = false;
    await this.redis.eval(RELEASE, 1, this.key, this.owner).catch(() => undefined);
  }

  private async renew(): Promise<void> {
    if (!this.holding || this.renewing) return;
    this.renewing = true;
    let ours: boolean;
    try {
      ours = Number(await withTimeout(this.redis.eval(RENEW, 1, this.key, this.owner, this.ttlMs), this.ttlMs / 3)) === 1;
      if (ours) this.lastRenewedAt = Date.now();
    } catch {
      ours = Date.now() - this.lastRenewedAt < this.ttlMs;
    } finally {
      this.renewing = false;
    }
    if (ours || !this.holding) return;
    this.holding = false;
    clearInterval(this.timer);
    this.timer = undefined;
    this.onLost();
  }
}

/** Rejects when `promise` takes longer than `ms` (a Redis command waiting for a reconnect). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
