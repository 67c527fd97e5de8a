import type { FastifyPluginAsync } from 'fastify';
import type { ServerResponse } from 'node:http';
import { CASE_ROLES, canSeeCase } from '../../app/console/policy.js';
import type { CaseFacts } from '../../app/console/ports.js';
import type { CaseEvent } from '../../app/ports.js';
import { resolveSession } from '../../app/console/sessions.js';
import { authorize } from '../authorize.js';
import { sessionToken } from '../auth/session-cookie.js';
import type { ConsoleDeps } from '../console-deps.js';
import { CaseEventHub } from '../live/case-event-hub.js';

/** How often an idle stream is kept alive, and its session checked again. */
const HEARTBEAT_MS = 20_000;

/**
 * `GET /events`: one Server-Sent Events stream per signed-in psychologist or coordinator, fed by the
 * case events of the cases she may see (checked per event, as the case page checks it). Each event is
 * `event: case` with `{ "type": "attention_changed", "caseId": "…" }`: ids only; the page then fetches
 * the fragment it needs, where visibility is checked again. The person holding a
 * chat also gets `event: aviso` with `{ "caseId" }` when an alert is raised on it (an emergency word
 * while she talks with her), on whatever page she is; nobody else's stream carries it. Coordinators
 * get `event: desconocidos` (no data) when a number without an open case writes. The stream ends
 * (`event: session_ended`) once the session has expired or its account was disabled.
 */
export const eventsRoute: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  const hub = new CaseEventHub(deps.events, app.log);
  // One lookup of a case's facts per event, shared by every stream of this process it reaches.
  const lookups = new WeakMap<CaseEvent, Promise<CaseFacts | null>>();
  const factsOf = (event: CaseEvent, caseId: string) => {
    let facts = lookups.get(event);
    if (!facts) {
      facts = deps.cases.facts(caseId);
      lookups.set(event, facts);
    }
    return facts;
  };
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
  });
  app.addHook('onClose', async () => {
    await hub.close();
  });

  app.get('/events', { preHandler: authorize(CASE_ROLES), config: { api: true, passive: true } }, async (request, reply) => {
    const token = sessionToken(request)!;
    const stream = reply.raw;
    reply.hijack();
    stream.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let stop: () => void;
    try {
      const viewer = request.staff!;
      const viewerId = viewer.id;
      let pending: Promise<void> = Promise.resolve();
      stop = await hub.listen((event) => {
        if (event.type === 'holder_alerted') {
          if (event.staffId === viewerId) stream.write(`event: aviso\ndata: ${JSON.stringify({ caseId: event.caseId })}\n\n`);
          return;
        }
        if (event.type === 'unknown_number') {
          // Coordinators review numbers without a case: their inbox counts those waiting again.
          if (viewer.role === 'coordinator') stream.write('event: desconocidos\ndata: {}\n\n');
          return;
        }
        const caseId = event.caseId;
        if (!caseId) return;
        // Only events of cases she may see: a case's id and what happened to it are hers to know only then.
        // Chained, so she gets the events in the order they happened.
        const lookup = factsOf(event, caseId);
        pending = pending.then(() =>
          lookup.then(
            (facts) => {
              if (facts && canSeeCase(viewer, facts)) stream.write(`event: case\ndata: ${JSON.stringify({ type: event.type, caseId })}\n\n`);
            },
            (error: unknown) => request.log.warn({ err: { name: (error as Error).name } }, 'live event visibility could not be checked'),
          ),
        );
      });
    } catch (error) {
      request.log.warn({ err: { name: (error as Error).name } }, 'live stream could not subscribe to case events');
      stream.end();
      return;
    }
    stream.write('retry: 2000\n: conectado\n\n');
    open.add(stream);

    const heartbeat = setInterval(() => {
      void resolveSession({ sessions: deps.sessions, clock: deps.clock, policy: deps.settings.session }, token, false).then(
        (session) => {
          if (session) {
            stream.write(': ping\n\n');
          } else {
            stream.write('event: session_ended\ndata: {}\n\n');
            stream.end();
          }
        },
        () => stream.write(': ping\n\n'),
      );
    }, HEARTBEAT_MS);
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      stop();
      open.delete(stream);
    });
  });
};
