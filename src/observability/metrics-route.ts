import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** Compares two secrets in constant time (their hashes, so lengths leak nothing either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * `GET /metrics`: the registry in Prometheus text format, only with `Authorization: Bearer <token>`
 * (`METRICS_TOKEN`); 401 otherwise. Not registered at all when no token is configured.
 */
export function registerMetricsRoute(app: FastifyInstance, options: { registry: Registry; token: string }): void {
  app.get('/metrics', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!given || !sameSecret(given, options.token)) {
      return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', field: 'authorization', message: 'authorization: a valid bearer token is required' });
    }
    reply.header('cache-control', 'no-store').type(options.registry.contentType);
    return options.registry.metrics();
  });
}
