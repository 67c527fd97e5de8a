import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync, FastifyReply, preHandlerHookHandler } from 'fastify';
import QRCode from 'qrcode';
import type { LinkStateStore } from './link-state.js';

const PAGE = new URL('./link-page.html', import.meta.url);

/** What the link page needs. */
export interface WhatsAppWebRoutesOptions {
  link: Pick<LinkStateStore, 'read'>;
  /**
   * The console's guard for admins (`authorize(['admin'])`): nobody signed in is sent to sign in (the
   * API answers 401), another role gets 403. The QR code links a phone to the service.
   */
  guard: preHandlerHookHandler;
}

/**
 * The admins' page to link the unit's phone, inside the console:
 * - `GET /admin/whatsapp`: the gateway's state and, while needed, the QR code to scan, refreshed
 *   every 2 s;
 * - `GET /api/admin/whatsapp/link` → `{ state, detail?, qrSvg?, updatedAt }`.
 * Both behind `guard`, never cached, never framed.
 */
export const whatsappWebRoutes: FastifyPluginAsync<WhatsAppWebRoutesOptions> = async (app, options) => {
  app.addHook('preHandler', options.guard);
  const privateHeaders = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').header('x-frame-options', 'DENY').header('referrer-policy', 'no-referrer');

  app.get('/admin/whatsapp', async (_request, reply) => {
    privateHeaders(reply).type('text/html; charset=utf-8');
    return readFile(PAGE, 'utf8');
  });

  app.get('/api/admin/whatsapp/link', async (_request, reply) => {
    privateHeaders(reply);
    const status = await options.link.read();
    if (!status) return { state: 'disconnected', detail: 'no_gateway', updatedAt: null };
    const { qr, ...rest } = status;
    return qr ? { ...rest, qrSvg: await QRCode.toString(qr, { type: 'svg', margin: 2 }) } : rest;
  });
};
