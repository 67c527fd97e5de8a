import type { FastifyInstance } from 'fastify';
import { RequestError } from '../request-error.js';

/**
 * Answers a {@link RequestError} thrown in this plugin's routes as `{ error, field, message }` with its
 * status, whichever server the plugin is registered on; anything else goes on to the server's own
 * error handler.
 */
export function answerRequestErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof RequestError) {
      return reply.code(error.statusCode).send({ error: error.code, field: error.field, message: error.message });
    }
    throw error;
  });
}
