import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { EventEmitter } from 'node:events';
import type { FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { NON_TEXT_KINDS } from '../../app/non-text-kinds.js';
import { e164 } from '../../app/phone-number.js';
import { plainLine, plainText } from '../../app/plain-text.js';
import type { ChannelEvents, Clock } from '../../app/ports.js';
import { cappedMedia } from '../shared/capped-media.js';
import { herChangeId } from '../shared/change-id.js';
import { parseRequest } from '../../console/request-error.js';
import type { SeenOnce } from '../shared/seen-once.js';
import type { SimulatedDelivery, SimulatorPhone } from './simulator-phone.js';

const inboundBody = z
  .strictObject({
    from: e164,
    // Her text as a phone may send it, control characters and broken pairs included, as the real
    // channels hand it over: the service must cope (test/pipeline/unusual-characters.test.ts).
    text: z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters').optional(),
    kind: z.enum(NON_TEXT_KINDS).optional(),
    caption: plainText.pipe(z.string().min(1, 'must not be empty').max(1024, 'must be at most 1024 characters')).optional(),
    media: z
      .strictObject({
        mime: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+(; ?[a-z]+=[a-z0-9-]+)?$/i, 'must be a type such as image/jpeg or audio/ogg'),
        data: z.base64('must be base64').min(1, 'must not be empty'),
      })
      .optional(),
    location: z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180), name: plainLine.pipe(z.string().max(200)).optional() }).optional(),
    id: plainLine.pipe(z.string().min(1).max(128)).optional(),
    // A reaction: `text` is its emoji, on the message the service sent with this id.
    reactionTo: plainLine.pipe(z.string().min(1).max(128)).optional(),
  })
  .refine((body) => body.media === undefined || (body.kind !== undefined && MEDIA_KINDS.has(body.kind)), {
    path: ['media'],
    message: 'goes with `kind` voice, audio, image, video, document or sticker',
  })
  .refine((body) => (body.location === undefined) === (body.kind !== 'location'), {
    path: ['location'],
    message: 'is required with `kind: "location"`, and only with it',
  })
  .refine((body) => body.caption === undefined || body.kind !== undefined, {
    path: ['caption'],
    message: 'goes with `kind` (an image, video or document), not with `text`',
  })
  .refine((body) => body.reactionTo === undefined || body.text !== undefined, {
    path: ['reactionTo'],
    message: 'goes with `text` (the emoji)',
  })
  .refine((body) => (body.text === undefined) !== (body.kind === undefined), {
    path: ['text'],
    message: 'is required (or `kind` instead, for a voice note, image…; not both)',
  });
const MEDIA_KINDS: ReadonlySet<string> = new Set(['voice', 'audio', 'image', 'video', 'document', 'sticker']);
// She edits (`text`: the new text) or deletes for everyone (no `text`) the message she sent with id `of`.
const changeBody = z.strictObject({
  from: e164,
  of: plainLine.pipe(z.string().min(1).max(128)),
  text: z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters').optional(),
});
const statusBody = z.strictObject({ id: plainLine.pipe(z.string().min(1).max(128)), status: z.enum(['delivered', 'read', 'failed']) });
const toQuery = z.object({ to: e164 });
const PAGE = new URL('./page.html', import.meta.url);

/** What the simulator's HTTP side needs. */
export interface SimulatorRoutesOptions {
  events: ChannelEvents;
  /** Hands each message id over once, as the real channels do. */
  seen: SeenOnce;
  phone: SimulatorPhone;
  clock: Clock;
  /** Opens a dedicated connection for live updates (pub/sub needs one of its own). */
  subscriber: () => Redis;
  /** Largest file kept (`MEDIA_MAX_BYTES`); a larger one is handed over as too large. */
  mediaMaxBytes: number;
}

/**
 * The simulator's HTTP face:
 * - `POST /api/simulator/inbound` `{ from, text, id? }` → `202 { id }` (as if she wrote on WhatsApp; a
 *   repeated `id` is handed over once; without one, the message gets an id of its own and is handed over);
 *   `{ from, kind: 'voice', id? }` as if she sent a voice note (or an image…); `caption` with an
 *   image, video or document, as she would write under it; `media: { mime, data }` (base64) the file
 *   of a voice note, image…; `kind: 'location'` with `location: { lat, lng, name? }`;
 * - `POST /api/simulator/change` `{ from, of, text? }` → `202 { id }`: she edits her message `of` to
 *   `text`, or deletes it for everyone (no `text`); handed over once per change;
 * - `POST /api/simulator/status` `{ id, status: 'delivered' | 'read' | 'failed' }` → `202`: her phone
 *   reports a message it received;
 * - `GET /api/simulator/outbound?to=+52…` → `[{ id, to, text, at }]`, oldest first;
 * - `GET /api/simulator/stream?to=+52…` → Server-Sent Events, one `message` event per delivery;
 * - `GET /simulator` → a page where a person types as the survivor and sees replies arrive live.
 */
export const simulatorRoutes: FastifyPluginAsync<SimulatorRoutesOptions> = async (app, options) => {
  const live = new EventEmitter().setMaxListeners(0);
  let subscriber: Redis | null = null;

  const ensureSubscribed = async () => {
    if (subscriber) return;
    subscriber = options.subscriber();
    subscriber.on('message', (_channel: string, raw: string) => {
      const event = JSON.parse(raw) as { key: string; delivery: SimulatedDelivery };
      live.emit(event.key, event.delivery);
    });
    await subscriber.subscribe(options.phone.eventsChannel);
  };
  app.addHook('onClose', async () => {
    await subscriber?.quit();
  });

  // A file up to the cap, as base64 (a third larger), plus the rest of the body.
  const bodyLimit = Math.ceil((options.mediaMaxBytes * 4) / 3) + 64 * 1024;
  app.post('/api/simulator/inbound', { bodyLimit }, async (request, reply) => {
    const body = parseRequest(inboundBody, request.body, 'body');
    const id = body.id ?? `sim-in-${randomUUID()}`;
    const base = { channel: 'simulator' as const, channelMessageId: id, from: body.from, receivedAt: options.clock.now().toISOString() };
    const handOver = async () => {
      if (body.text !== undefined) await options.events.inbound({ ...base, text: body.text, ...(body.reactionTo ? { reactionTo: body.reactionTo } : {}) });
      else
        await options.events.nonTextInbound({
          ...base,
          kind: body.kind ?? 'other',
          ...(body.caption ? { caption: body.caption } : {}),
          ...(body.media ? { media: cappedMedia(body.media.mime, Buffer.from(body.media.data, 'base64'), options.mediaMaxBytes) } : {}),
          ...(body.location ? { location: body.location } : {}),
        });
    };
    // An id made here cannot have been handed over before: only one the phone gave is checked, and
    // marked, in Redis (two round trips a message otherwise).
    if (body.id === undefined) await handOver();
    else await options.seen.run(`in:${id}`, handOver);
    return reply.code(202).send({ id });
  });

  app.post('/api/simulator/change', async (request, reply) => {
    const body = parseRequest(changeBody, request.body, 'body');
    const id = herChangeId(body.of, body.text);
    await options.seen.run(`in:${id}`, () =>
      options.events.messageChanged({
        channel: 'simulator',
        channelMessageId: id,
        from: body.from,
        of: body.of,
        at: options.clock.now().toISOString(),
        ...(body.text === undefined ? {} : { editedText: body.text }),
      }),
    );
    return reply.code(202).send({ id });
  });

  app.post('/api/simulator/status', async (request, reply) => {
    const body = parseRequest(statusBody, request.body, 'body');
    await options.events.deliveryStatus({
      channel: 'simulator',
      channelMessageId: body.id,
      status: body.status,
      at: options.clock.now().toISOString(),
      ...(body.status === 'failed' ? { errorCode: 'SIMULATOR_FAILED' } : {}),
    });
    return reply.code(202).send({ id: body.id });
  });

  app.get('/api/simulator/outbound', async (request) => {
    const { to } = parseRequest(toQuery, request.query, 'query');
    return options.phone.received(to);
  });

  app.get('/api/simulator/stream', async (request, reply) => {
    const { to } = parseRequest(toQuery, request.query, 'query');
    await ensureSubscribed();
    reply.hijack();
    reply.raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    reply.raw.write(': connected\n\n');
    const key = options.phone.keyFor(to);
    const send = (delivery: SimulatedDelivery) => reply.raw.write(`event: message\ndata: ${JSON.stringify(delivery)}\n\n`);
    const heartbeat = setInterval(() => reply.raw.write(': ping\n\n'), 15_000);
    live.on(key, send);
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      live.off(key, send);
    });
  });

  app.get('/simulator', async (_request, reply) => {
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store');
    return readFile(PAGE, 'utf8');
  });
};
