import { randomUUID } from 'node:crypto';
/**
 * An error answer of the Graph API (or no answer at all: `status` 0).
 *
 * @example
 * new GraphApiError(400, { code: 131047, message: 'Re-engagement message' })
 */
export class GraphApiError extends Error {
  constructor(
    /** HTTP status; 0 when the request got no answer (network, timeout). */
    readonly status: number,
    readonly detail: { code?: number | undefined; subcode?: number | undefined; message?: string | undefined },
    options?: { cause?: unknown },
  ) {
    super(`Graph API ${status || 'unreachable'}${detail.code === undefined ? '' : ` code ${detail.code}`}`, options);
    this.name = 'GraphApiError';
  }
}

/** Where and as whom the Graph API is called. */
export interface GraphApiOptions {
  /** `CLOUD_API_BASE_URL`, e.g. `https://graph.facebook.com/v21.0` (a fake server's address in tests). */
  baseUrl: string;
  phoneNumberId: string;
  token: string;
  timeoutMs: number;
}

/** The one call the channel makes: `POST /<phone-number-id>/messages`. */
export interface GraphApi {
  /** Sends a message body; resolves with the `wamid` WhatsApp gave it. */
  sendMessage(body: Record<string, unknown>): Promise<string>;
}

/**
 * The Graph API over `fetch`, with a timeout. Error answers become {@link GraphApiError} with
 * WhatsApp's error code; the request and answer bodies are never logged (they hold her number).
 */
export function graphApi(options: GraphApiOptions): GraphApi {
  const url = `${options.baseUrl}/${encodeURIComponent(options.phoneNumberId)}/messages`;
  return {
    async sendMessage(body) {
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ messaging_product: 'whatsapp', ...body }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (cause) {
        throw new GraphApiError(0, {}, { cause });
      }
      const answer = (await response.json().catch(() => null)) as GraphAnswer | null;
      if (!response.ok) {
        const error = answer?.error;
        throw new GraphApiError(response.status, { code: error?.code, subcode: error?.error_subcode, message: error?.message });
      }
      const id = answer?.messages?.[0]?.id;
      // Accepted (2xx) but the answer could not be read (cut off, or a proxy's page): WhatsApp has the
      // message. Sending it again would send it twice, and failing it would tell staff it never
      // arrived; it counts as sent, under an id no status will ever match.
      if (typeof id !== 'string' || !id) return `${UNCONFIRMED_ID_PREFIX}${randomUUID()}`;
      return id;
    },
  };
}

/** The start of the id a send gets when WhatsApp accepted it but its answer could not be read. */
const UNCONFIRMED_ID_PREFIX = 'unconfirmed.';

interface GraphAnswer {
  messages?: { id?: unknown }[];
  error?: { code?: number; error_subcode?: number; message?: string };
}
