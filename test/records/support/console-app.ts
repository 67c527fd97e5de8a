import Fastify, { type FastifyInstance, type FastifyPluginAsync, type preHandlerHookHandler } from 'fastify';
import type { RequestStaff } from '../../../src/console/staff-request.js';

/**
 * A stand-in for the console's authentication, at the edge of these tests: a request with
 * `x-test-staff: <id>` is signed in as that coordinator; any other request gets 401.
 */
export const fakeAuthorize: preHandlerHookHandler = (request, reply, done) => {
  const id = request.headers['x-test-staff'];
  if (typeof id !== 'string') {
    void reply.code(401).send({ error: 'unauthorized', message: 'sign in first' });
    return;
  }
  request.staff = { id, role: 'coordinator' } satisfies RequestStaff;
  done();
};

/** A bare Fastify app with one plugin registered, ready for `inject()`. */
export async function appWith<O extends object>(plugin: FastifyPluginAsync<O>, options: O): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(plugin, options);
  await app.ready();
  return app;
}
