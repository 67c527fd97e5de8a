import { GraphApiError } from './graph-api.js';

/**
 * A message template as Meta holds it for the WhatsApp Business Account: its name, language code,
 * review status (`APPROVED`, `PENDING`, `REJECTED`, `PAUSED`, `DISABLED`…), category and body text.
 *
 * @example
 * { name: 'ana_saludo_buen_momento', language: 'es_MX', status: 'APPROVED', category: 'UTILITY', body: 'Hola {{1}}, soy Ana. …' }
 */
export interface RegisteredTemplate {
  name: string;
  language: string;
  status: string;
  category: string;
  /** The text of its BODY component; `null` when it has none. */
  body: string | null;
}

/** Where the account's templates are read, and with which token. */
export interface TemplateRegistryOptions {
  /** `CLOUD_API_BASE_URL`, e.g. `https://graph.facebook.com/v21.0` (a fake server's address in tests). */
  baseUrl: string;
  /** `CLOUD_API_WABA_ID`: the WhatsApp Business Account the templates belong to. */
  wabaId: string;
  token: string;
  timeoutMs: number;
}

/** Pages read at most (100 templates each): an account has tens. */
const MAX_PAGES = 50;

interface TemplatePage {
  data?: { name?: unknown; language?: unknown; status?: unknown; category?: unknown; components?: { type?: unknown; text?: unknown }[] }[];
  paging?: { next?: unknown };
}

/**
 * Every message template of the account (`GET /<WABA-ID>/message_templates`, page after page). A next
 * page is followed only on the same server as `baseUrl`, so the token never goes elsewhere.
 *
 * @throws GraphApiError when the Graph API refuses (a bad token, a wrong account) or does not answer.
 */
export async function registeredTemplates(options: TemplateRegistryOptions): Promise<RegisteredTemplate[]> {
  const origin = new URL(options.baseUrl).origin;
  let url: string | null = `${options.baseUrl}/${encodeURIComponent(options.wabaId)}/message_templates?fields=name,language,status,category,components&limit=100`;
  const templates: RegisteredTemplate[] = [];
  for (let page = 0; url !== null && page < MAX_PAGES; page += 1) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${options.token}` }, signal: AbortSignal.timeout(options.timeoutMs) });
    } catch (cause) {
      throw new GraphApiError(0, {}, { cause });
    }
    const answer = (await response.json().catch(() => null)) as (TemplatePage & { error?: { code?: number; message?: string } }) | null;
    if (!response.ok || !answer) throw new GraphApiError(response.status, { code: answer?.error?.code, message: answer?.error?.message });
    for (const t of answer.data ?? []) {
      const body = t.components?.find((c) => c.type === 'BODY')?.text;
      templates.push({
        name: String(t.name ?? ''),
        language: String(t.language ?? ''),
        status: String(t.status ?? ''),
        category: String(t.category ?? ''),
        body: typeof body === 'string' ? body : null,
      });
    }
    const next = typeof answer.paging?.next === 'string' ? answer.paging.next : null;
    url = next !== null && new URL(next).origin === origin ? next : null;
  }
  return templates;
}
