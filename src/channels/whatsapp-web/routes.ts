import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { LinkStateStore } from './link-state.js';

const PAGE = new URL('./link-page.html', import.meta.url);

/** What the link page needs. */
export interface WhatsAppWebRoutesOptions {
  link: Pick<LinkStateStore, 'read'>;
  /** Whether the request comes from an admin; anyone else gets 404, as if the page did not exist. */
  authorize(request: FastifyRequest): Promise<boolean>;
}

/**
 * The admins' page to link the unit's phone:
 * - `GET /admin/whatsapp`: a page showing the gateway's state and, while needed, the QR code to scan,
 *   refreshed every 2 s;
 * - `GET /admin/whatsapp/link` → `{ state, detail?, qrSvg?, updatedAt }` (no-store).
 * Both answer 404 unless `authorize` says yes: the QR code links a phone to the service.
 */
export const whatsappWebRoutes: FastifyPluginAsync<WhatsAppWebRoutesOptions> = async (app, options) => {
  app.addHook('onRequest', async (request, reply) => {
    if (!(await options.authorize(request))) return reply.code(404).send({ error: 'not_found', message: 'no such page' });
    reply.header('cache-control', 'no-store').header('x-frame-options', 'DENY').header('referrer-policy', 'no-referrer');
  });

  app.get('/admin/whatsapp', async (_request, reply) => {
    reply.type('text/html; charset=utf-8');
    return readFile(PAGE, 'utf8');
  });

  app.get('/admin/whatsapp/link', async () => {
    const status = await options.link.read();
    if (!status) return { state: 'disconnected', detail: 'no_gateway', updatedAt: null };
    const { qr, ...rest } = status;
    return qr ? { ...rest, qrSvg: await QRCode.toString(qr, { type: 'svg', margin: 2 }) } : rest;
  });
};

/**
 * Until the console's staff sign-in is merged: only requests made on this machine (a loopback socket,
 * not forwarded by a proxy) may see the link page, e.g. through an SSH tunnel. Replace with the
 * console's admin guard.
 */
export async function localOnly(request: FastifyRequest): Promise<boolean> {
  const forwarded = request.headers['x-forwarded-for'] ?? request.headers['forwarded'] ?? request.headers['x-real-ip'];
  const socket = request.raw.socket.remoteAddress ?? '';
  return forwarded === undefined && (socket === '127.0.0.1' || socket === '::1' || socket === '::ffff:127.0.0.1');
}
