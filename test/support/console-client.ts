import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { StaffRole } from '../../src/app/console/ports.js';
import type { Database } from '../../src/persistence/database.js';
import { argon2PasswordHasher } from '../../src/privacy/password-hasher.js';

/** The password every test account gets. */
export const TEST_PASSWORD = 'contraseña-de-prueba-larga';

const hasher = argon2PasswordHasher();
let cachedHash: Promise<string> | null = null;

/** Creates an active staff account with {@link TEST_PASSWORD}; returns its id. */
export async function createStaffAccount(
  db: Database,
  account: { role: StaffRole; email: string; displayName?: string; active?: boolean },
): Promise<string> {
  cachedHash ??= hasher.hash(TEST_PASSWORD);
  const row = await db.staff.create({
    data: {
      email: account.email,
      displayName: account.displayName ?? account.email.split('@')[0]!,
      role: account.role,
      active: account.active ?? true,
      passwordHash: await cachedHash,
    },
    select: { id: true },
  });
  return row.id;
}

let clients = 0;
function nextOctets(): string {
  clients += 1;
  return `${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
}

/** A form's fields: a list for a field sent several times (checkboxes of one name). */
export type FormFields = Record<string, string | readonly string[]>;

/** The CSRF token a console page carries in its meta tag. */
export function csrfTokenOf(html: string): string {
  const match = /<meta name="csrf-token" content="([^"]+)">/.exec(html);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1]!;
}

/**
 * A browser-like client over `inject()`: keeps cookies between requests, knows a CSRF token for its
 * session, and signs in through the real form.
 */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  csrf = '';

  /** Each client comes from its own address unless told, so sign-in throttling counts it alone. */
  constructor(
    private readonly app: FastifyInstance,
    readonly remoteAddress = `10.${nextOctets()}`,
  ) {}

  /** Sends a request with this client's cookies; records the cookies the answer sets or clears. */
  async request(options: InjectOptions & { form?: FormFields }): Promise<LightMyRequestResponse> {
    const { form, ...rest } = options;
    const headers: Record<string, string> = { ...(rest.headers as Record<string, string> | undefined) };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    // A list is sent as the field repeated, as a form with several boxes ticked sends it.
    const payload = form ? new URLSearchParams(Object.entries(form).flatMap(([k, v]): [string, string][] => (typeof v === 'string' ? [[k, v]] : v.map((one) => [k, one])))).toString() : rest.payload;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await this.app.inject({
      remoteAddress: this.remoteAddress,
      ...rest,
      headers,
      ...(payload === undefined ? {} : { payload }),
    } as InjectOptions);
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const cleared = cookie.value === '' || cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now());
      if (cleared) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  /** GET `url`. */
  get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.request({ method: 'GET', url, headers });
  }

  /** POSTs a form with this session's CSRF token (unless `_csrf` is given). */
  post(url: string, form: FormFields = {}, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.request({ method: 'POST', url, form: { _csrf: this.csrf, ...form }, headers });
  }

  /** Loads the sign-in page (getting an anonymous CSRF token) and signs in; returns the POST's answer. */
  async signIn(email: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    const page = await this.get('/login');
    this.csrf = csrfTokenOf(page.body);
    const response = await this.post('/login', { email, password });
    if (response.statusCode === 303) await this.refreshCsrf(response.headers.location as string);
    return response;
  }

  /**
   * The same browser session (cookies, CSRF token, address) with its requests reaching `app`: another
   * console process behind the same load balancer.
   */
  sameSessionOn(app: FastifyInstance): ConsoleClient {
    const other = new ConsoleClient(app, this.remoteAddress);
    for (const [name, value] of this.cookies) other.cookies.set(name, value);
    other.csrf = this.csrf;
    return other;
  }

  /** Takes a fresh CSRF token (bound to the current session) from a page. */
  async refreshCsrf(url = '/login'): Promise<void> {
    let response = await this.get(url);
    for (let hops = 0; response.statusCode >= 300 && response.statusCode < 400 && hops < 3; hops += 1) {
      response = await this.get(response.headers.location as string);
    }
    this.csrf = csrfTokenOf(response.body);
  }
}
