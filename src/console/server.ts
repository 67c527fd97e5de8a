import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { healthRoutes, type HealthOptions } from './health.js';
import { RequestError } from './request-error.js';
import { RateLimitedError } from '../app/flood-guard.js';
import { installStaffAuth } from './auth/install-staff-auth.js';
import type { ConsoleDeps } from './console-deps.js';
import { consolePlugin } from './console-plugin.js';
import type { Registry } from 'prom-client';
import type { Queue } from 'bullmq';
import { registerQueueView } from './queue-view.js';
import { registerMetricsRoute } from '../observability/metrics-route.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, as `{ method, url }` (HEAD included): what the authorization matrix test walks. */
    routeTable(): readonly { method: string; url: string }[];
  }
}

/** What the HTTP server is built from; each part is optional so a process serves only its roles. */
export interface ServerDeps {
  log: FastifyBaseLogger;
  health: HealthOptions;
  /** Channel-specific routes (the simulator's API and page, a webhook), registered as given. */
  channelRoutes?: (app: FastifyInstance) => Promise<void>;
  /** The staff console (sign-in, inbox, conversations, accounts), when this process serves it. */
  console?: ConsoleDeps;
  /** The admins' queue view (bull-board) over these queues, when the console is served. */
  queueView?: { queues: readonly Queue[]; actions: boolean };
  /** `GET /metrics` behind a bearer token (`METRICS_TOKEN`); no such route when absent. */
  metrics?: { registry: Registry; token: string };
  /** Which proxies are believed about the client's address (`TRUST_PROXY`); none when absent. */
  trustProxy?: boolean | number | string[];
}

/**
 * Builds the HTTP server without listening, so tests drive it with `inject()`.
 *
 * Errors answer JSON `{ error, field?, message }`; client errors never echo the request body back and
 * never reach the log with it.
 */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log,
    bodyLimit: 256 * 1024,
    return503OnClosing: true,
    // Fastify takes a number of hops too (its documentation's "Integer"), which its types leave out.
    trustProxy: (deps.trustProxy ?? false) as boolean | string[],
  });

  app.setErrorHandler((error: FastifyError | RequestError, request, reply) => {
    if (error instanceof RateLimitedError) {
      return reply
        .code(429)
        .header('retry-after', String(Math.ceil(error.retryAfterMs / 1000)))
        .send({ error: 'rate_limited', field: 'from', message: `from: ${error.message}` });
    }
    if (error instanceof RequestError) {
      return reply.code(error.statusCode).send({ error: error.code, field: error.field, message: error.message });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      request.log.info({ code: error.code, statusCode: status }, 'request refused');
      return reply.code(status).send({ error: clientErrorCode(error), field: 'body', message: clientErrorMessage(error) });
    }
    request.log.error({ err: { name: error.name, code: error.code } }, 'request failed');
    return reply.code(500).send({ error: 'internal_error', message: 'something went wrong; the team has been told' });
  });

  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found', message: 'no such page' }));

  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
  app.decorate('routeTable', () => routes);

  await app.register(healthRoutes, deps.health);
  if (deps.metrics) registerMetricsRoute(app, deps.metrics);
  if (deps.channelRoutes) await deps.channelRoutes(app);
  if (deps.console) {
    const { sessions, clock, settings } = deps.console;
    await installStaffAuth(app, {
      sessions,
      clock,
      policy: settings.session,
      secureCookies: settings.secureCookies,
      csrfKey: settings.csrfKey,
    });
    await app.register(consolePlugin, deps.console);
    if (deps.queueView) await registerQueueView(app, deps.queueView);
  }
  return app;
}

function clientErrorCode(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'invalid_json';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported_media_type';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body_too_large';
    default:
      return 'bad_request';
  }
}

/** A message about the request that repeats nothing of what was sent. */
function clientErrorMessage(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'body: must be valid JSON';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'body: must not be empty';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'body: content type must be application/json';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body: too large';
    default:
      return 'the request could not be understood';
  }
}
