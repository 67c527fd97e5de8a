/**
 * Raised by a channel when a message could not be sent. `retryable` tells the queue whether trying
 * again later can help (network, rate limit) or not (invalid number, refused content).
 *
 * @example
 * throw new ChannelError('CHANNEL_NETWORK', 'connection reset', { retryable: true });
 */
export class ChannelError extends Error {
  readonly retryable: boolean;
  constructor(
    readonly code: string,
    message: string,
    options: { retryable: boolean; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'ChannelError';
    this.retryable = options.retryable;
  }
}

/** Raised when the service cannot start: names what failed, where, and how to fix it, in one line. */
export class StartupError extends Error {
  constructor(
    readonly code: 'POSTGRES_UNREACHABLE' | 'REDIS_UNREACHABLE' | 'MIGRATION_FAILED' | 'FLOWS_INVALID' | 'CONFIG_INVALID',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StartupError';
  }
}
