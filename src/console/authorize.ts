import type { FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { StaffRole } from '../app/console/ports.js';
import { RequestError } from './request-error.js';
import './staff-request.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in session behind `request.staff`, for the page header and CSRF binding. */
    staffSession?: { sessionId: string; displayName: string; email: string; mustChangePassword: boolean };
  }
  interface FastifyContextConfig {
    /** Answer as an API (JSON 401 instead of a redirect to the sign-in page); paths under `/api/` are APIs anyway. */
    api?: boolean;
    /** A request that is not activity of the person (live refreshes): it does not extend the idle expiry. */
    passive?: boolean;
    /** Reachable while the account must choose a new password (the change itself, sign-out). */
    duringPasswordChange?: boolean;
  }
}

/** Where a staff member with a temporary password is sent until she chooses her own. */
export const PASSWORD_CHANGE_PATH = '/cuenta/contrasena';

/** Methods that change state: each needs a valid CSRF token. */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether the request is to an API (JSON answers) rather than a page. */
export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.routeOptions.config?.api === true;
}

/** Whether the client asked for JSON: an API route, or `Accept: application/json` (the console's scripts). */
export function wantsJson(request: FastifyRequest): boolean {
  return isApiRequest(request) || (request.headers.accept ?? '').includes('application/json');
}

/**
 * A `preHandler` that lets through only signed-in staff with one of `roles`, and, for POST, PUT,
 * PATCH and DELETE, only with a valid CSRF token (field `_csrf` or header `csrf-token`, bound to the
 * session). Nobody signed in: pages redirect (302) to `/login`, APIs answer 401. A staff member who
 * signed in with a temporary password is sent (303) to choose her own first (APIs: 403
 * `password_change_required`), except on routes marked `config: { duringPasswordChange: true }`.
 * Wrong role: 403.
 *
 * @example
 * app.get('/reportes', { preHandler: authorize(['coordinator']) }, handler);
 * app.post('/reportes/exportar', { preHandler: authorize(['coordinator']) }, handler); // CSRF checked too
 */
export function authorize(roles: readonly StaffRole[]): preHandlerHookHandler {
  const allowed = new Set<StaffRole>(roles);
  return function authorizeStaff(request, reply, done) {
    const staff = request.staff;
    if (!staff) {
      if (isApiRequest(request)) {
        void reply.code(401).send({ error: 'unauthenticated', field: 'session', message: 'sign in first' });
        return;
      }
      const next = request.method === 'GET' ? `?siguiente=${encodeURIComponent(request.url)}` : '';
      void reply.redirect(`/login${next}`, 302);
      return;
    }
    if (request.staffSession?.mustChangePassword && request.routeOptions.config?.duringPasswordChange !== true) {
      if (isApiRequest(request)) {
        done(new RequestError(403, 'password_change_required', 'password', 'Primero elige una contraseña nueva.'));
        return;
      }
      void reply.redirect(PASSWORD_CHANGE_PATH, 303);
      return;
    }
    if (!allowed.has(staff.role)) {
      done(new RequestError(403, 'forbidden', 'role', 'Tu perfil no tiene acceso a esta sección.'));
      return;
    }
    if (UNSAFE_METHODS.has(request.method)) {
      request.server.csrfProtection(request, reply, done);
      return;
    }
    done();
  };
}
