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

/** What Meta answered to a template sent for review: its id, review status and the category it gave it. */
export interface SubmittedTemplate {
  id: string;
  status: string;
  category: string;
}

/**
 * Sends one template for Meta's review (`POST /<WABA-ID>/message_templates` with the creation body
 * `acompana templates export` writes): Meta answers with its status (`PENDING`, or `APPROVED` at once)
 * and the category it decided on, which may not be the one asked for.
 *
 * @throws GraphApiError when Meta refuses it (a name taken in that language, a text it does not take,
 *   a bad token) or does not answer; `detail.message` is Meta's own words.
 */
export async function submitTemplate(options: TemplateRegistryOptions, body: object): Promise<SubmittedTemplate> {
  let response: Response;
  try {
    response = await fetch(`${options.baseUrl}/${encodeURIComponent(options.wabaId)}/message_templates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (cause) {
    throw new GraphApiError(0, {}, { cause });
  }
  const answer = (await response.json().catch(() => null)) as {
    id?: unknown;
    status?: unknown;
    category?: unknown;
    error?: { code?: number; error_subcode?: number; message?: string; error_user_msg?: string };
  } | null;
  if (!response.ok || !answer) {
    const error = answer?.error;
    throw new GraphApiError(response.status, { code: error?.code, subcode: error?.error_subcode, message: error?.error_user_msg ?? error?.message });
  }
  return { id: String(answer.id ?? ''), status: String(answer.status ?? ''), category: String(answer.category ?? '') };
}
