import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveSession, type SessionPolicy } from '../../app/console/sessions.js';
import type { StaffSessions } from '../../app/console/ports.js';
import type { Clock } from '../../app/ports.js';
import '../authorize.js';
import { clearSessionCookie, cookieOptions, CSRF_COOKIE, sessionToken } from './session-cookie.js';

/** What signing staff in and out needs at the root of the server. */
export interface StaffAuthOptions {
  sessions: Pick<StaffSessions, 'find' | 'touch' | 'deleteById'>;
  clock: Clock;
  policy: SessionPolicy;
  secureCookies: boolean;
  /** HMAC key binding CSRF tokens to the session (32+ bytes). */
  csrfKey: Buffer;
}

/** The CSRF tokens of a signed-in session are bound to it; before sign-in, to this. */
const ANONYMOUS = 'anonymous';

function csrfUserInfo(request: FastifyRequest): string {
  return request.staffSession?.sessionId ?? ANONYMOUS;
}

/**
 * Installs, at the root of the server, what every staff route relies on: cookie and form parsing,
 * CSRF tokens (double submit: a secret in an HTTP-only cookie, the token in the form, HMAC-bound to
 * the session), the rate limiter (used by sign-in), and the hook that turns the session cookie into
 * `request.staff`. An expired or unknown session's cookie is cleared.
 */
export async function installStaffAuth(app: FastifyInstance, options: StaffAuthOptions): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: cookieOptions(options.secureCookies),
    getUserInfo: csrfUserInfo,
    csrfOpts: { hmacKey: options.csrfKey, userInfo: true },
  });
  app.decorateRequest('staff', undefined);
  app.decorateRequest('staffSession', undefined);

  app.addHook('onRequest', async (request, reply) => {
    const token = sessionToken(request);
    if (!token) return;
    const activity = request.routeOptions.config?.passive !== true;
    const session = await resolveSession(options, token, activity);
    if (!session) {
      clearSessionCookie(reply, options.secureCookies);
      return;
    }
    request.staff = { id: session.staff.id, role: session.staff.role };
    request.staffSession = {
      sessionId: session.sessionId,
      displayName: session.staff.displayName,
      email: session.staff.email,
      mustChangePassword: session.staff.mustChangePassword,
    };
  });
}

/** A CSRF token for forms and scripts of this response, bound to the request's session (or to none). */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply): string {
  return reply.generateCsrf({ userInfo: csrfUserInfo(request) });
}
