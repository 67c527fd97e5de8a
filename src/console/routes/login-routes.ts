import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { STAFF_ROLES } from '../../app/console/ports.js';
import { normalizeEmail, signIn, signOut } from '../../app/console/sessions.js';
import { admitSignIn } from '../../app/console/sign-in-throttle.js';
import { hashSessionToken } from '../../app/console/session-token.js';
import { authorize } from '../authorize.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import { clearSessionCookie, sessionToken, setSessionCookie } from '../auth/session-cookie.js';
import type { ConsoleDeps } from '../console-deps.js';
import { loginPage } from '../views/login-page.js';
import { homeOf, sendHtml, staffOf } from './route-helpers.js';
import { safeNext } from '../safe-next.js';

const loginBody = z.object({
  email: z.string().max(254).default(''),
  password: z.string().max(256).default(''),
  siguiente: z.string().max(2000).optional(),
});

/** The one answer to every failed sign-in: it does not say whether the email exists. */
const GENERIC_FAILURE = 'Correo o contraseña incorrectos.';
const TOO_MANY = 'Demasiados intentos. Espera un minuto y vuelve a intentarlo.';

/**
 * Sign-in and sign-out:
 * - `GET /login`: the form (CSRF token bound to "no session");
 * - `POST /login`: checks the CSRF token, throttles in Redis, shared by every console process (per
 *   account and address, per account, per address: see `admitSignIn`), then the password; sets the HTTP-only, SameSite=Strict session cookie and goes to the person's home;
 * - `POST /logout`: deletes the session row and the cookie.
 */
export const loginRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  const { settings } = deps;
  const page = (request: FastifyRequest, reply: FastifyReply, status: number, extra: { error?: string; next?: string; email?: string }) =>
    sendHtml(reply, loginPage({ csrfToken: csrfTokenFor(request, reply), ...extra }), status);

  app.get('/login', async (request, reply) => {
    const next = safeNext((request.query as { siguiente?: unknown }).siguiente);
    if (request.staff) return reply.redirect(next ?? homeOf(request.staff.role), 303);
    return page(request, reply, 200, next ? { next } : {});
  });

  app.post('/login', { preHandler: (request, reply, done) => app.csrfProtection(request, reply, done) }, async (request, reply) => {
    const parsed = loginBody.safeParse(request.body ?? {});
    const body = parsed.success ? parsed.data : { email: '', password: '', siguiente: undefined };
    const next = safeNext(body.siguiente);
    if (!(await admitSignIn(deps.authAttempts, settings.signInLimits, normalizeEmail(body.email), request.ip))) {
      request.log.warn('sign-in throttled');
      return page(request, reply, 429, { error: TOO_MANY, email: body.email, ...(next ? { next } : {}) });
    }
    const result = body.email && body.password ? await signIn({ ...deps, policy: settings.session }, body.email, body.password) : null;
    if (!result) return page(request, reply, 401, { error: GENERIC_FAILURE, email: body.email, ...(next ? { next } : {}) });
    const previous = sessionToken(request);
    if (previous) await deps.sessions.delete(hashSessionToken(previous));
    setSessionCookie(reply, result.token, {
      secure: settings.secureCookies,
      maxAgeSeconds: Math.floor(settings.session.absoluteMs / 1000),
    });
    return reply.redirect(next ?? homeOf(result.staff.role), 303);
  });

  app.post('/logout', { preHandler: authorize(STAFF_ROLES), config: { duringPasswordChange: true } }, async (request, reply) => {
    await signOut(deps, sessionToken(request)!, staffOf(request).id);
    clearSessionCookie(reply, settings.secureCookies);
    return reply.redirect('/login', 303);
  });
};
