import type { Redis } from 'ioredis';
import { DateTime } from 'luxon';
import { ChannelError } from '../../app/errors.js';
import { UNIT_TIME_ZONE } from '../../engine/index.js';

/** Takes one of today's sends if the cap allows: returns the new count, or -1 when the cap is reached. */
const TAKE_ONE = `
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used >= tonumber(ARGV[1]) then return -1 end
used = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], 172800000)
return used
`;

/** How the pacer spaces messages out. */
export interface PacingOptions {
  /** Shortest and longest gap between the end of one send and the start of the next. */
  minGapMs: number;
  maxGapMs: number;
  /** Sends per day (America/Cancun) at most, counted in Redis across processes. */
  dailyCap: number;
  /** When sends held by the cap resume the next day, `HH:MM` in Cancún (the end of the quiet hours); `00:00` unless set. */
  resumeAt?: string;
  now?: () => Date;
  /** A number in [0, 1); `Math.random` unless tests fix it. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Paces this process's sends, one at a time in the order asked (so messages to one chat keep their
 * order): each waits a randomized gap after the previous one, and takes one of the day's sends from a
 * counter in Redis (`<prefix>:daily:<YYYY-MM-DD>`). When the cap is reached it throws a retryable
 * {@link ChannelError} `WA_DAILY_CAP` whose `retryAfterMs` points at the next day in Cancún, at
 * `resumeAt` (so held messages do not go out in the night's quiet hours).
 * A send that fails after taking its slot keeps it (the count errs on the side of sending less).
 */
export class Pacer {
  private tail: Promise<unknown> = Promise.resolve();
  private lastEndedAt = 0;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: PacingOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Runs `send` in its turn, after the gap and once today's cap allows. `ready` runs just before the
   * day's slot is taken and may throw (the client went away while waiting), so a send that cannot
   * start does not use up the cap.
   */
  run<T>(send: () => Promise<T>, ready: () => void | Promise<void> = () => undefined): Promise<T> {
    const turn = this.tail.then(() => this.paced(send, ready));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** Sends counted today so far. */
  async usedToday(): Promise<number> {
    return Number((await this.redis.get(this.dayKey())) ?? '0');
  }

  private async paced<T>(send: () => Promise<T>, ready: () => void | Promise<void>): Promise<T> {
    const { minGapMs, maxGapMs } = this.options;
    const gap = minGapMs + Math.floor(this.random() * (maxGapMs - minGapMs + 1));
    const wait = this.lastEndedAt + gap - this.now().getTime();
    if (this.lastEndedAt > 0 && wait > 0) await this.sleep(wait);
    await ready();

    const used = Number(await this.redis.eval(TAKE_ONE, 1, this.dayKey(), this.options.dailyCap));
    if (used < 0) {
      throw new ChannelError('WA_DAILY_CAP', 'the daily cap of messages is reached', {
        retryable: true,
        retryAfterMs: this.untilTomorrow() + Math.floor(this.random() * 15 * 60_000),
      });
    }
    try {
      return await send();
    } finally {
      this.lastEndedAt = this.now().getTime();
    }
  }

  private dayKey(): string {
    return `${this.prefix}:daily:${DateTime.fromJSDate(this.now(), { zone: UNIT_TIME_ZONE }).toISODate()}`;
  }

  private untilTomorrow(): number {
    const here = DateTime.fromJSDate(this.now(), { zone: UNIT_TIME_ZONE });
    const [hour, minute] = (this.options.resumeAt ?? '00:00').split(':').map(Number) as [number, number];
    return here.plus({ days: 1 }).startOf('day').set({ hour, minute }).toMillis() - here.toMillis();
  }
}
