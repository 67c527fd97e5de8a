import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake Graph API received. */
export interface GraphRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, any>;
  /** The wamid answered, when the request went through. */
  wamid?: string;
  /** When it arrived (`Date.now()`). */
  at: number;
}

/** An error answer, as the Graph API gives it. */
export interface GraphFailure {
  status: number;
  code?: number;
  message?: string;
  /** An answer body sent as it is, instead of Meta's error shape (a proxy's page, a cut-off body). */
  raw?: string;
}

/**
 * A fake Graph API on 127.0.0.1: records every request and answers like WhatsApp's Cloud API
 * (`{ messaging_product, contacts, messages: [{ id: 'wamid.…' }] }`), or with the error answers
 * queued in `failures` (one per request) or set per number in `byNumber`, or with 131047 for texts to
 * numbers in `windowClosed` (templates go through).
 */
export class FakeGraphApi {
  readonly requests: GraphRequest[] = [];
  readonly failures: GraphFailure[] = [];
  readonly byNumber = new Map<string, GraphFailure>();
  readonly windowClosed = new Set<string>();
  /**
   * The message templates of the account (`GET /<WABA-ID>/message_templates`), as Meta lists them;
   * answered `templatesPerPage` at a time with a `paging.next` on this server, and only with the
   * bearer token `templatesToken` (otherwise Meta's 190 "invalid token").
   */
  readonly templates: { name: string; language: string; status: string; category: string; components: { type: string; text?: string }[] }[] = [];
  templatesPerPage = 2;
  /**
   * How a template sent for review is answered, by name: an error, or the category Meta decides on
   * (`MARKETING` for one it reclassifies); otherwise `PENDING`, Utility, and added to `templates`. A
   * name already held in that language is refused as Meta does (code 100, subcode 2388024).
   */
  readonly submissions = new Map<string, GraphFailure | { category: string }>();
  templatesToken = 'EAAG-management-token';
  /** Every wamid answered, in order. */
  readonly issuedWamids: string[] = [];
  private server: Server | undefined;
  private counter = 0;
  private held: { arrived: (request: GraphRequest) => void; released: Promise<void> } | undefined;

  /**
   * Holds the answer to the next message WhatsApp takes: `arrived` resolves with the request (its
   * wamid already issued) while the service still waits for the answer, sent on `release()`.
   */
  holdNext(): { arrived: Promise<GraphRequest>; release: () => void } {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const arrived = new Promise<GraphRequest>((resolve) => (this.held = { arrived: resolve, released }));
    return { arrived, release };
  }

  /** Starts listening; resolves with the base URL to use as `CLOUD_API_BASE_URL`. */
  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let raw = '';
      request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      request.on('end', () => {
        const body = raw ? (JSON.parse(raw) as Record<string, any>) : {};
        this.requests.push({ method: request.method ?? '', path: request.url ?? '', authorization: request.headers.authorization, body, at: Date.now() });
        if (request.method === 'GET' && /\/message_templates\?/.test(request.url ?? '')) return this.answerTemplates(request.url!, request.headers.authorization, response);
        if (request.method === 'POST' && /\/message_templates$/.test(request.url ?? '')) return this.takeTemplate(body, request.headers.authorization, response);
        const failure = this.failureFor(body);
        response.setHeader('content-type', 'application/json');
        if (failure?.raw !== undefined) {
          response.statusCode = failure.status;
          response.end(failure.raw);
          return;
        }
        if (failure) {
          response.statusCode = failure.status;
          response.end(
            JSON.stringify({
              error: {
                message: failure.message ?? `(#${failure.code ?? 0}) error`,
                type: 'OAuthException',
                code: failure.code,
                error_data: { messaging_product: 'whatsapp', details: 'fake' },
                fbtrace_id: 'AbCdEf',
              },
            }),
          );
          return;
        }
        this.counter += 1;
        const wamid = `wamid.${Buffer.from(`${body['to']}-${this.counter}`).toString('base64')}`;
        this.issuedWamids.push(wamid);
        const recorded = this.requests.at(-1)!;
        recorded.wamid = wamid;
        const answer = () => response.end(JSON.stringify({ messaging_product: 'whatsapp', contacts: [{ input: body['to'], wa_id: body['to'] }], messages: [{ id: wamid }] }));
        const held = this.held;
        this.held = undefined;
        if (!held) return answer();
        held.arrived(recorded);
        void held.released.then(answer);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v21.0`;
  }

  /** Message requests sent to `digits`, in order. */
  to(digits: string): GraphRequest[] {
    return this.requests.filter((r) => r.body['to'] === digits);
  }

  /** The texts (or `template:<name>`) that reached `digits` successfully, in order. */
  deliveredTo(digits: string): string[] {
    return this.to(digits)
      .filter((r) => (r as GraphRequest & { ok?: boolean }).ok !== false)
      .map((r) => (r.body['type'] === 'template' ? `template:${r.body['template'].name}` : r.body['text']?.body));
  }

  /** The most requests that arrived within one second of the clock (`Math.floor(at / 1000)`). */
  maxPerSecond(): number {
    const perSecond = new Map<number, number>();
    for (const { at } of this.requests) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
    return Math.max(0, ...perSecond.values());
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private answerTemplates(url: string, authorization: string | undefined, response: import('node:http').ServerResponse): void {
    response.setHeader('content-type', 'application/json');
    if (authorization !== `Bearer ${this.templatesToken}`) {
      response.statusCode = 401;
      response.end(JSON.stringify({ error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 190 } }));
      return;
    }
    const parsed = new URL(url, 'http://127.0.0.1');
    const from = Number(parsed.searchParams.get('after') ?? 0);
    const page = this.templates.slice(from, from + this.templatesPerPage);
    const next = from + this.templatesPerPage < this.templates.length ? `http://${this.addressOf()}${parsed.pathname}?fields=name&limit=${this.templatesPerPage}&after=${from + this.templatesPerPage}` : undefined;
    response.end(JSON.stringify({ data: page.map((t, i) => ({ ...t, id: String(from + i) })), paging: { cursors: { before: 'MAZDZD', after: 'MjQZD' }, ...(next ? { next } : {}) } }));
  }

  private takeTemplate(body: Record<string, any>, authorization: string | undefined, response: import('node:http').ServerResponse): void {
    response.setHeader('content-type', 'application/json');
    const refuse = (status: number, error: Record<string, unknown>) => {
      response.statusCode = status;
      response.end(JSON.stringify({ error: { type: 'OAuthException', fbtrace_id: 'AbCdEf', ...error } }));
    };
    if (authorization !== `Bearer ${this.templatesToken}`) return refuse(401, { message: 'Invalid OAuth access token.', code: 190 });
    const planned = this.submissions.get(String(body['name']));
    if (planned && 'status' in planned) return refuse(planned.status, { message: planned.message ?? 'Invalid parameter', code: planned.code ?? 100 });
    if (this.templates.some((t) => t.name === body['name'] && t.language === body['language'])) {
      return refuse(400, { message: 'Invalid parameter', code: 100, error_subcode: 2388024, error_user_msg: 'Ya existe contenido en este idioma.' });
    }
    const category = planned?.category ?? String(body['category']);
    this.templates.push({ name: String(body['name']), language: String(body['language']), status: 'PENDING', category, components: body['components'] });
    response.end(JSON.stringify({ id: `${this.templates.length}0001`, status: 'PENDING', category }));
  }

  private addressOf(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  private failureFor(body: Record<string, any>): GraphFailure | undefined {
    const queued = this.failures.shift();
    const failure =
      queued ??
      this.byNumber.get(body['to']) ??
      (body['type'] === 'text' && this.windowClosed.has(body['to']) ? { status: 400, code: 131047, message: 'Re-engagement message' } : undefined);
    if (failure) (this.requests.at(-1) as GraphRequest & { ok?: boolean }).ok = false;
    return failure;
  }
}
