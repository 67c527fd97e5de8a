import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { healthRoutes, type HealthOptions } from './health.js';
import { RequestError } from './request-error.js';
import { RateLimitedError } from '../app/flood-guard.js';

/** What the HTTP server is built from; each part is optional so a process serves only its roles. */
export interface ServerDeps {
  log: FastifyBaseLogger;
  health: HealthOptions;
  /** Channel-specific routes (the simulator's API and page, a webhook), registered as given. */
  channelRoutes?: (app: FastifyInstance) => Promise<void>;
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

  await app.register(healthRoutes, deps.health);
  if (deps.channelRoutes) await deps.channelRoutes(app);
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
