import type { Redis } from 'ioredis';
import type { E164 } from '../../app/phone-number.js';

/** The Cloud API's customer service window: free text is allowed for 24 h after her last message. */
const WINDOW_MS = 24 * 3600 * 1000;
/** Closed a little early, so a message queued at the edge does not fail. */
const MARGIN_MS = 10 * 60 * 1000;

/**
 * Tracks, per number, whether her 24-hour window is open: every message she sends opens it for 24 h
 * (a key under `<prefix>:window:<keyed hash of her number>` that expires then). Her case also records
 * when she last wrote ({@link isOpenFor}); if both say nothing, the window counts as closed and a
 * template is used when the flow named one.
 */
export class ConversationWindow {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly hashPhone: (phone: E164) => string,
  ) {}

  /** She wrote at `at`. */
  async opened(phone: E164, at: Date, now: Date = new Date()): Promise<void> {
    const remaining = at.getTime() + WINDOW_MS - MARGIN_MS - now.getTime();
    if (remaining <= 0) return;
    const key = this.keyOf(phone);
    const current = Number(await this.redis.pttl(key));
    if (current >= remaining) return;
    await this.redis.set(key, '1', 'PX', remaining);
  }

  /** Whether free text can be sent to her now. */
  async isOpen(phone: E164): Promise<boolean> {
    return (await this.redis.exists(this.keyOf(phone))) === 1;
  }

  /** Whether free text can be sent to her now, by this record or by when her case says she last wrote. */
  async isOpenFor(phone: E164, lastMessageAt: Date | null | undefined, now: Date = new Date()): Promise<boolean> {
    if (lastMessageAt && lastMessageAt.getTime() + WINDOW_MS - MARGIN_MS > now.getTime()) return true;
    return this.isOpen(phone);
  }

  private keyOf(phone: E164): string {
    return `${this.prefix}:window:${this.hashPhone(phone).slice(0, 40)}`;
  }
}
