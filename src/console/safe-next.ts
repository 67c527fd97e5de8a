/** Where a signed-in person may be sent back to: the console's own pages, named by their first segment. */
const CONSOLE_PAGES = new Set(['admin', 'calendario', 'casos', 'mis-sesiones', 'reportes']);

/** A path made only of plain segments (letters, digits, `-`, `_`, `.`), with an optional plain query. */
const PLAIN_PATH = /^(\/[A-Za-z0-9_.-]+)+\/?(\?[A-Za-z0-9_.=&%-]*)?$/;

/**
 * The path to return to after signing in, when `next` is a plain path to one of the console's pages;
 * anything else (another site, `//host`, a tab or backslash a browser would skip, the sign-in page
 * itself) is dropped and the person goes to her home page.
 *
 * @example
 * safeNext('/casos/0193…') // '/casos/0193…'
 * safeNext('/\t/evil.example/phish') // undefined
 */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length > 500 || !PLAIN_PATH.test(next)) return undefined;
  const parsed = new URL(next, 'http://console.invalid');
  if (parsed.origin !== 'http://console.invalid' || parsed.pathname.split('/').includes('..')) return undefined;
  const first = parsed.pathname.split('/')[1] ?? '';
  return CONSOLE_PAGES.has(first) ? next : undefined;
}
