import type { FastifyPluginAsync } from 'fastify';
import type { ChannelHealth } from '../app/ports.js';
import type { Role } from '../config/schema.js';

/** A probe of one dependency: resolves `true` when it answers in time. */
export type Probe = () => Promise<boolean>;

/** What `/healthz` looks at. */
export interface HealthOptions {
  /** The roles this process runs (`ROLES`). */
  roles: readonly Role[];
  database: Probe;
  redis: Probe;
  /** The channel's state, in the process that owns it (the gateway). */
  channel?: () => ChannelHealth;
  /** Whether this process's queue workers run (absent in a console-only process). */
  workers?: () => boolean;
}

/**
 * `GET /healthz` →
 * `{ "status": "ok" | "degraded", "roles": ["gateway", "worker", "console"], "database": { "status": "up" },
 * "redis": { "status": "up" }, "channel": { "state": "ready" }, "workers": { "status": "running" } }`;
 * `channel` only in the gateway, `workers` only where queue workers run.
 * Always 200 while the process can answer (`degraded` says what is wrong); 503 when the database or
 * Redis is down, so a load balancer stops sending work.
 */
export const healthRoutes: FastifyPluginAsync<HealthOptions> = async (app, options) => {
  app.get('/healthz', async (_request, reply) => {
    const [database, redis] = await Promise.all([safe(options.database), safe(options.redis)]);
    const channel = options.channel?.();
    const workers = options.workers?.();
    const ok = database && redis && (channel === undefined || channel.state === 'ready') && workers !== false;
    const body = {
      status: ok ? 'ok' : 'degraded',
      roles: options.roles,
      database: { status: database ? 'up' : 'down' },
      redis: { status: redis ? 'up' : 'down' },
      ...(channel === undefined ? {} : { channel }),
      ...(workers === undefined ? {} : { workers: { status: workers ? 'running' : 'stopped' } }),
    };
    return reply.code(database && redis ? 200 : 503).send(body);
  });
};

async function safe(probe: Probe): Promise<boolean> {
  try {
    return await probe();
  } catch {
    return false;
  }
}
