/**
 * Whether a hand-over was refused by the per-number flood guard (`RateLimitedError`, code
 * `RATE_LIMITED`): the message is dropped, not retried (the sender is over the limit).
 */
export function isRateLimited(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'RATE_LIMITED';
}
