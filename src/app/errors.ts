/**
 * Error code stored on a message held back because her safe hours had ended, by the send or by a
 * channel whose own pacing brought its turn too late (see `OutboundMessage.sendBy`).
 */
export const OUTSIDE_SAFE_HOURS = 'OUTSIDE_SAFE_HOURS';

/**
 * Thrown by a channel whose turn came for a message withdrawn while it waited (her opt-out or code
 * word; see `OutboundMessage.stillWanted`): nothing was sent, and the message already carries the
 * withdrawal's code.
 */
export const WITHDRAWN = 'WITHDRAWN';

/**
 * Error code stored on a message withdrawn before it went out because her follow-up consent was
 * withdrawn: in the console, or by a newer "no" in an imported file.
 */
export const CANCELLED_NO_CONSENT = 'CANCELLED_NO_CONSENT';

/**
 * Raised by a channel when a message could not be sent. `retryable` tells the queue whether trying
 * again later can help (network, rate limit) or not (invalid number, refused content);
 * `retryAfterMs`, when set, says how long to wait first (a daily cap, a rate limit), and a wait
 * asked for this way does not use up the job's attempts.
 *
 * @example
 * throw new ChannelError('CHANNEL_NETWORK', 'connection reset', { retryable: true });
 * throw new ChannelError('WA_DAILY_CAP', 'daily cap reached', { retryable: true, retryAfterMs: 3_600_000 });
 */
export class ChannelError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  constructor(
    readonly code: string,
    message: string,
    options: { retryable: boolean; retryAfterMs?: number | undefined; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'ChannelError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryable ? options.retryAfterMs : undefined;
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
