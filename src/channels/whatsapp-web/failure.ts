/**
 * Why a whatsapp-web.js client stopped or could not start:
 * - `browser_launch`: Chromium could not start (wrong `CHROMIUM_PATH`, missing libraries, sandbox as root);
 * - `browser_in_use`: Chromium says the profile is in use ("The browser is already running for …");
 * - `network`: WhatsApp Web could not be loaded (`net::ERR_…`, DNS, connection refused);
 * - `auth_timeout`: the page loaded but WhatsApp Web never came up (the library throws the string 'auth timeout');
 * - `auth_failure`: the stored session was refused;
 * - `deadline`: nothing (QR code or ready) within `WA_STARTUP_DEADLINE_MS`;
 * - `disconnected`: WhatsApp disconnected a running client (logout, conflict, ban…);
 * - `browser_crashed`: the page or browser died under a running client;
 * - `lease_lost`: another process took the session lease;
 * - `unknown`: anything else.
 */
export type FailureClass =
  | 'browser_launch'
  | 'browser_in_use'
  | 'network'
  | 'auth_timeout'
  | 'auth_failure'
  | 'deadline'
  | 'disconnected'
  | 'browser_crashed'
  | 'lease_lost'
  | 'unknown';

/** Failures that waiting and rebuilding can fix; the others stop the rebuilds after `WA_MAX_RESTARTS` in a row. */
const TRANSIENT: ReadonlySet<FailureClass> = new Set([
  'network',
  'auth_timeout',
  'deadline',
  'disconnected',
  'browser_crashed',
  'browser_in_use',
  'lease_lost',
  'unknown',
]);

/** Whether rebuilding the client later can help with this failure. */
export function isTransient(failure: FailureClass): boolean {
  return TRANSIENT.has(failure);
}

/**
 * Classifies what `initialize()` rejected with (an Error, or the string 'auth timeout').
 *
 * @example
 * classifyStartupError(new Error('net::ERR_NAME_NOT_RESOLVED at https://web.whatsapp.com/')) // 'network'
 * classifyStartupError('auth timeout') // 'auth_timeout'
 */
export function classifyStartupError(error: unknown): FailureClass {
  const text = typeof error === 'string' ? error : error instanceof Error ? error.message : String(error);
  if (/auth timeout/i.test(text)) return 'auth_timeout';
  if (/already running for/i.test(text)) return 'browser_in_use';
  if (/net::ERR_|ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|getaddrinfo|Navigation timeout/i.test(text)) return 'network';
  if (/Failed to launch the browser process|Browser was not found|executablePath|ENOENT|spawn .* EACCES|No usable sandbox|Running as root without --no-sandbox/i.test(text)) {
    return 'browser_launch';
  }
  if (/Target closed|Session closed|Protocol error|Execution context was destroyed|browser has disconnected|Connection closed/i.test(text)) {
    return 'browser_crashed';
  }
  return 'unknown';
}

/**
 * The wait before rebuild number `attempt` (1 for the first): doubling from one second up to
 * `maxMs`, with a random part so restarts of several services do not fall in step.
 */
export function restartDelay(attempt: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, 1_000 * 2 ** Math.min(attempt - 1, 20));
  return Math.min(maxMs, Math.round(base * (0.75 + random() * 0.5)));
}
