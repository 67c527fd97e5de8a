import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { EventEmitter } from 'node:events';
import type { FastifyPluginAsync } from 'fastify';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { e164 } from '../../app/phone-number.js';
import type { Clock, InboundSink } from '../../app/ports.js';
import { parseRequest } from '../../console/request-error.js';
import type { SimulatedDelivery, SimulatorPhone } from './simulator-phone.js';

const inboundBody = z.strictObject({
  from: e164,
  text: z.string().min(1, 'must not be empty').max(4096, 'must be at most 4096 characters'),
  id: z.string().min(1).max(128).optional(),
});
const toQuery = z.object({ to: e164 });
const PAGE = new URL('./page.html', import.meta.url);

/** What the simulator's HTTP side needs. */
export interface SimulatorRoutesOptions {
  sink: InboundSink;
  phone: SimulatorPhone;
  clock: Clock;
  /** Opens a dedicated connection for live updates (pub/sub needs one of its own). */
  subscriber: () => Redis;
}

/**
 * The simulator's HTTP face:
 * - `POST /api/simulator/inbound` `{ from, text, id? }` → `202 { id }` (as if she wrote on WhatsApp);
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

  app.post('/api/simulator/inbound', async (request, reply) => {
    const body = parseRequest(inboundBody, request.body, 'body');
    const id = body.id ?? `sim-in-${randomUUID()}`;
    await options.sink.accept({
      channel: 'simulator',
      channelMessageId: id,
      from: body.from,
      text: body.text,
      receivedAt: options.clock.now().toISOString(),
    });
    return reply.code(202).send({ id });
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
