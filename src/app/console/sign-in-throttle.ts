import { createHash } from 'node:crypto';
import type { RateCounter } from '../flood-guard.js';

/** How many sign-in attempts a window allows, and how long a window lasts. */
export interface SignInLimits {
  /** Attempts on one account from one address (the ordinary typo-and-retry budget). */
  perAccountAndAddress: number;
  /** Attempts on one account from every address together (guessing spread over many addresses). */
  perAccount: number;
  /**
   * Attempts from one address on every account together. Past it, the address keeps only
   * {@link SignInLimits.perAccountOverBusyAddress} attempts per account: trying many accounts from an
   * address never locks out an account nobody tried, even when an office shares one address.
   */
  perAddress: number;
  /** Attempts per account from an address past {@link SignInLimits.perAddress}. */
  perAccountOverBusyAddress: number;
  windowMs: number;
}

/** The limits the console uses: five tries per account and address per minute, as before. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perAccountAndAddress: 5,
  perAccount: 20,
  perAddress: 30,
  perAccountOverBusyAddress: 2,
  windowMs: 60_000,
};

/** The account's part of a throttle key: a hash of the normalized email, never the email itself. */
function accountKey(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
}

/**
 * Counts one sign-in attempt on `email` from `address` (before the password is checked, so parallel
 * guesses are counted too) in a counter every console process shares, and says whether it may go on.
 *
 * @example
 * if (!(await admitSignIn(counter, DEFAULT_SIGN_IN_LIMITS, 'ana@unidad.mx', request.ip))) reply.code(429);
 */
export async function admitSignIn(counter: RateCounter, limits: SignInLimits, email: string, address: string): Promise<boolean> {
  const account = accountKey(email);
  const [pair, perAccount, perAddress] = await Promise.all([
    counter.hit(`signin:pair:${account}:${address}`, limits.windowMs),
    counter.hit(`signin:account:${account}`, limits.windowMs),
    counter.hit(`signin:address:${address}`, limits.windowMs),
  ]);
  if (pair.count > limits.perAccountAndAddress || perAccount.count > limits.perAccount) return false;
  return !(perAddress.count > limits.perAddress && pair.count > limits.perAccountOverBusyAddress);
}
