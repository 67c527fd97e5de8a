import type { Redis } from 'ioredis';

/** How long a sent message's record is kept: longer than any retry of its job. */
const KEEP_SECONDS = 14 * 24 * 3600;

/**
 * Remembers, per idempotency key (the outbound contact id), the channel message id a channel got for
 * it, in Redis under `<prefix>:<channel>:sent:<key>`. A retried send job finds it and does not send
 * again. The record is written right after the channel accepted the message: a crash between the
 * two leaves a window in which a retry sends the message a second time (see docs/whatsapp.md).
 */
export class SentRecord {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** The channel message id sent under `key`, if any. */
  async get(key: string): Promise<string | null> {
    return this.redis.get(this.keyOf(key));
  }

  /** Records that `key` was sent as `channelMessageId`. */
  async remember(key: string, channelMessageId: string): Promise<void> {
    await this.redis.set(this.keyOf(key), channelMessageId, 'EX', KEEP_SECONDS);
  }

  private keyOf(key: string): string {
    return `${this.prefix}:sent:${key}`;
  }
}
