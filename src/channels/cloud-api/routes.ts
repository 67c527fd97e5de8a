import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { ChannelEvents, InboundMedia } from '../../app/ports.js';
import { isRateLimited } from '../shared/rate-limited.js';
import type { SeenOnce } from '../shared/seen-once.js';
import type { ConversationWindow } from './conversation-window.js';
import { parseWebhook } from './webhook-payload.js';
import { verifySignature } from './webhook-signature.js';

/** What the webhook needs. */
export interface CloudApiRoutesOptions {
  events: ChannelEvents;
  window: ConversationWindow;
  seen: SeenOnce;
  /** The id a `wamid` is stored under (see cloud-api-channel.ts). */
  messageKey: (wamid: string) => string;
  phoneNumberId: string;
  appSecret: string;
  verifyToken: string;
  log: Logger;
  /** Fetches a message's file by media id (see media-download.ts); without it, files are not downloaded. */
  downloadMedia?: (mediaId: string, mime: string) => Promise<InboundMedia>;
}

/** Meta's webhook bodies are small; anything bigger is not from Meta. */
const BODY_LIMIT = 1024 * 1024;

/**
 * The Cloud API webhook, at the URL registered with Meta (`/webhooks/whatsapp`):
 * - `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` answers the challenge when the token
 *   is `CLOUD_API_VERIFY_TOKEN` (403 otherwise);
 * - `POST` checks `X-Hub-Signature-256` against the raw body with `CLOUD_API_APP_SECRET` (401 and
 *   nothing processed when it is missing or wrong), then hands each message (once per `wamid`, after
 *   opening her 24-hour window) and each status to the channel events, and answers 200; 500 when they
 *   could not be handed over, so Meta delivers again (a message over the per-number rate limit is
 *   dropped, not refused: Meta would only deliver it again).
 * Bodies are never logged or echoed.
 */
export const cloudApiRoutes: FastifyPluginAsync<CloudApiRoutesOptions> = async (app, options) => {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.get('/webhooks/whatsapp', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const token = typeof query['hub.verify_token'] === 'string' ? query['hub.verify_token'] : '';
    const challenge = typeof query['hub.challenge'] === 'string' ? query['hub.challenge'] : '';
    if (query['hub.mode'] !== 'subscribe' || !sameSecret(token, options.verifyToken) || !challenge) {
      return reply.code(403).send({ error: 'forbidden', message: 'verification refused' });
    }
    return reply.type('text/plain; charset=utf-8').send(challenge);
  });

  app.post('/webhooks/whatsapp', async (request, reply) => {
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (!verifySignature(raw, request.headers['x-hub-signature-256'], options.appSecret)) {
      request.log.warn('Cloud API webhook with a missing or wrong signature: refused');
      return reply.code(401).send({ error: 'invalid_signature', message: 'signature does not match' });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return reply.code(400).send({ error: 'invalid_json', field: 'body', message: 'body: must be valid JSON' });
    }
    const content = parseWebhook(body, options.phoneNumberId);
    if (!content) {
      options.log.warn('Cloud API webhook not understood: ignored');
      return reply.code(200).send({ ok: true });
    }
    if (content.unreadable > 0) options.log.warn({ unreadable: content.unreadable }, 'Cloud API webhook: items not understood left out');
    try {
      for (const message of content.messages) {
        // Her edit or deletion of an old message is not a message: the 24-hour window stays as it was.
        if (message.content.kind !== 'change') await options.window.opened(message.from, new Date(message.at));
        const channelMessageId = options.messageKey(message.wamid);
        await options.seen.run(`in:${channelMessageId}`, async () => {
          const base = { channel: 'cloud_api' as const, channelMessageId, from: message.from, receivedAt: message.at };
          try {
            if (message.content.kind === 'text') {
              const { text, reactionTo } = message.content;
              await options.events.inbound({ ...base, text, ...(reactionTo ? { reactionTo: options.messageKey(reactionTo) } : {}) });
            } else if (message.content.kind === 'change') {
              const { of, editedText } = message.content;
              await options.events.messageChanged({ channel: 'cloud_api', channelMessageId, from: message.from, of: options.messageKey(of), at: message.at, ...(editedText ? { editedText } : {}) });
            } else {
              const { messageKind, caption, media, location } = message.content;
              // The file's URL lives minutes: it is fetched now, before the message is queued.
              // A number over its rate limit is refused below: its file is not fetched first.
              const download = options.downloadMedia;
              const file =
                media && download && ((await options.events.admits?.(message.from)) ?? true) ? await download(media.id, media.mime) : undefined;
              await options.events.nonTextInbound({
                ...base,
                kind: messageKind,
                ...(caption ? { caption } : {}),
                ...(file ? { media: file } : {}),
                ...(location ? { location } : {}),
              });
            }
          } catch (error) {
            if (!isRateLimited(error)) throw error;
            options.log.warn('message dropped: its number is over the message rate limit');
          }
        });
      }
      for (const status of content.statuses) {
        await options.events.deliveryStatus({
          channel: 'cloud_api',
          channelMessageId: options.messageKey(status.wamid),
          status: status.status,
          at: status.at,
          errorCode: status.errorCode,
        });
      }
    } catch (error) {
      options.log.error({ err: { name: (error as Error).name } }, 'Cloud API webhook could not be handed over: Meta will deliver it again');
      return reply.code(500).send({ error: 'unavailable', message: 'try again later' });
    }
    return reply.code(200).send({ ok: true });
  });
};

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
