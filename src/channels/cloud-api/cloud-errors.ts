import { ChannelError } from '../../app/errors.js';
import { GraphApiError } from './graph-api.js';

/** WhatsApp's error codes the channel tells apart (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes). */
export const CLOUD_ERROR_CODES = {
  /** Too many messages to the same person in a short time (pair rate limit). */
  pairRateLimit: 131056,
  /** Too many messages for the account's throughput. */
  throughput: 130429,
  /** The 24-hour window is closed: only a template can open the conversation. */
  reengagement: 131047,
  /** Older code of the same. */
  reengagementOld: 470,
  /** The message could not be delivered (number not on WhatsApp, or similar). */
  undeliverable: 131026,
  /**
   * Invalid parameter: a request WhatsApp could not read (a text too long, a parameter it does not
   * take). Not her number: every number is checked as E.164 before it is stored.
   */
  invalidParameter: 100,
} as const;

/** Error codes of the account's credentials: retried (a fixed token lets them through) and shown in health. */
const AUTH_CODES = new Set([0, 10, 190, 200]);
/** Rate limits of the app or the account: retried after a while. */
const RATE_LIMIT_CODES = new Set([4, 80007, 613, 131048]);
/** The number cannot get the message. */
const INVALID_NUMBER_CODES = new Set([131026, 131009, 131021, 131030]);
/** WhatsApp's side is unavailable for a while. */
const UNAVAILABLE_CODES = new Set([1, 2, 131000, 131016]);

/** Whether an error is about the account's credentials or standing (for the channel's health). */
export function isAccountProblem(error: ChannelError): boolean {
  return error.code === 'CLOUD_AUTH' || error.code === 'CLOUD_ACCOUNT_BLOCKED';
}

/**
 * Maps a Graph API failure to a {@link ChannelError}: rate limits and unavailability are retried
 * (pair and throughput limits after a short wait); a closed 24-hour window, an invalid number, a
 * refused template or content fail for good; bad credentials are retried (a renewed token lets them
 * through) and make the channel `degraded`.
 *
 * @example
 * cloudError(new GraphApiError(400, { code: 131047 })) // CLOUD_REENGAGEMENT_REQUIRED, not retryable
 */
export function cloudError(error: unknown): ChannelError {
  if (error instanceof ChannelError) return error;
  if (!(error instanceof GraphApiError)) {
    return new ChannelError('CLOUD_UNEXPECTED', 'the Cloud API send failed unexpectedly', { retryable: true, cause: error });
  }
  const { status } = error;
  const code = error.detail.code;
  const fail = (name: string, retryable: boolean, retryAfterMs?: number) =>
    new ChannelError(name, `Cloud API refused the message (${status}${code === undefined ? '' : `/${code}`})`, { retryable, retryAfterMs, cause: error });

  if (status === 0) return fail('CLOUD_NETWORK', true);
  switch (code) {
    case CLOUD_ERROR_CODES.pairRateLimit:
      return fail('CLOUD_PAIR_RATE_LIMIT', true, 15_000);
    case CLOUD_ERROR_CODES.throughput:
      return fail('CLOUD_THROUGHPUT', true, 5_000);
    case CLOUD_ERROR_CODES.reengagement:
    case CLOUD_ERROR_CODES.reengagementOld:
      return fail('CLOUD_REENGAGEMENT_REQUIRED', false);
    case 368:
    case 131031:
      return fail('CLOUD_ACCOUNT_BLOCKED', false);
    case 131049:
      return fail('CLOUD_NOT_DELIVERED', false);
    case 131051:
      return fail('CLOUD_UNSUPPORTED_MESSAGE', false);
    // The business account is in maintenance (Meta moving the number, raising its throughput): for
    // minutes, not for good. Waiting uses no attempt, and nothing is marked failed meanwhile.
    case 131057:
      return fail('CLOUD_MAINTENANCE', true, 60_000);
    // Sending it again would be refused the same way: a person is told, and the log names the code.
    case CLOUD_ERROR_CODES.invalidParameter:
      return fail('CLOUD_INVALID_REQUEST', false);
  }
  if (code !== undefined && INVALID_NUMBER_CODES.has(code)) return fail('CLOUD_INVALID_NUMBER', false);
  if (code !== undefined && AUTH_CODES.has(code)) return fail('CLOUD_AUTH', true);
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) return fail('CLOUD_RATE_LIMIT', true, 60_000);
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) return fail('CLOUD_UNAVAILABLE', true);
  if (code !== undefined && code >= 132000 && code < 133000) return fail(`CLOUD_TEMPLATE_${code}`, false);
  if (status === 401 || status === 403) return fail('CLOUD_AUTH', true);
  if (status === 429) return fail('CLOUD_RATE_LIMIT', true, 60_000);
  if (status >= 500) return fail('CLOUD_UNAVAILABLE', true);
  return fail(`CLOUD_REFUSED${code === undefined ? '' : `_${code}`}`, false);
}
