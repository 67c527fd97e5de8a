import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';

/** Where the queue view lives: under the admins' pages. */
export const QUEUE_VIEW_PATH = '/admin/colas';

/** The queue view's own headers: its UI is bull-board's (scripts and styles from its files), never framed. */
const QUEUE_VIEW_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

/** The only changes offered with `QUEUE_VIEW_ACTIONS`: retry, promote or remove jobs (never add, edit, empty or pause). */
const ACTIONS = /^\/api\/queues\/[^/]+\/(retry\/[a-z]+|promote|clean\/[a-z]+|[^/]+\/(retry|promote|clean))$/;

/**
 * Why a job failed, as the view shows it: the first line, with any run of 7 or more digits (a phone
 * number an error text may quote) masked; stack traces are never shown.
 */
function redactJobs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJobs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => {
      if (key === 'stacktrace') return [key, []];
      if (key === 'failedReason' && typeof inner === 'string') return [key, inner.split('\n')[0]!.replace(/\+?\d[\d\s-]{6,}/g, '[número]').slice(0, 300)];
      return [key, redactJobs(inner)];
    }),
  );
}

/**
 * The queue view for admins (bull-board): what is waiting, delayed, active, failed and why, per queue.
 * Only a signed-in admin gets it (others: 403; nobody signed in: to the sign-in page). Read only unless
 * `actions` (`QUEUE_VIEW_ACTIONS`): then retrying, promoting and removing jobs are offered too, and no
 * other change. Job payloads hold ids and sealed (encrypted) content only; failure reasons are cut to
 * their first line with long digit runs masked, and stack traces are dropped. Expects `installStaffAuth` at the root.
 */
export async function registerQueueView(app: FastifyInstance, options: { queues: readonly Queue[]; actions: boolean }): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_VIEW_PATH);
  createBullBoard({
    queues: options.queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: !options.actions, allowRetries: options.actions })),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Colas de Acompaña' } },
  });
  await app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request, reply) => {
        if (request.staff?.role === 'admin') return;
        if (request.staff) return reply.code(403).send({ error: 'forbidden', field: 'session', message: 'only admins see the queues' });
        if (request.method === 'GET' && !request.url.includes('/api/')) {
          return reply.redirect(`/login?siguiente=${encodeURIComponent(QUEUE_VIEW_PATH)}`, 302);
        }
        return reply.code(401).send({ error: 'unauthenticated', field: 'session', message: 'sign in as an admin' });
      });
      scope.addHook('preHandler', async (request, reply) => {
        if (request.method === 'GET') return;
        const path = request.url.slice(QUEUE_VIEW_PATH.length).split('?')[0]!;
        if (!options.actions || !ACTIONS.test(path)) {
          return reply.code(405).send({ error: 'read_only', field: 'method', message: 'the queue view is read only here' });
        }
      });
      scope.addHook('onSend', async (request, reply, payload) => {
        if (request.url.startsWith(`${QUEUE_VIEW_PATH}/api/`) && typeof payload === 'string' && payload.startsWith('{')) {
          try {
            payload = JSON.stringify(redactJobs(JSON.parse(payload)));
          } catch {
            // Not JSON after all: sent as it is.
          }
        }
        reply.header('content-security-policy', QUEUE_VIEW_CSP);
        reply.header('x-frame-options', 'DENY');
        reply.header('referrer-policy', 'no-referrer');
        reply.header('x-content-type-options', 'nosniff');
        reply.header('cache-control', 'no-store');
        return payload;
      });
      await scope.register(serverAdapter.registerPlugin());
    },
    { prefix: QUEUE_VIEW_PATH },
  );
}
