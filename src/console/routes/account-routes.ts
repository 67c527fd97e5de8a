import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ConsoleError } from '../../app/console/errors.js';
import { STAFF_ROLES } from '../../app/console/ports.js';
import { changeOwnPassword } from '../../app/console/staff-admin.js';
import { authorize, PASSWORD_CHANGE_PATH, wantsJson } from '../authorize.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import type { ConsoleDeps } from '../console-deps.js';
import { passwordPage } from '../views/password-page.js';
import { homeOf, sendHtml, staffOf, viewerOf } from './route-helpers.js';

const changeBody = z.object({
  actual: z.string('Escribe tu contraseña actual una sola vez.').max(256, 'La contraseña actual es demasiado larga.').default(''),
  nueva: z.string('Escribe la contraseña nueva una sola vez.').max(256, 'La contraseña nueva es demasiado larga.').default(''),
  confirmacion: z.string('Confirma la contraseña nueva una sola vez.').max(256, 'La confirmación es demasiado larga.').default(''),
});

/**
 * Attempts at changing one's password per account and minute (a wrong current password counts),
 * counted in the counter every console process shares: a stolen session cannot guess her current
 * password faster by reaching several processes.
 */
const CHANGES_PER_MINUTE = 10;

/**
 * Every signed-in staff member's own account:
 * - `GET /cuenta/contrasena`: the form; the only page (with sign-out) open to someone who signed in
 *   with a temporary password;
 * - `POST /cuenta/contrasena`: `actual`, `nueva`, `confirmacion`; her other sessions end; audited as
 *   `staff.password_changed`; then to her home page (303), or `204` when asked for JSON.
 */
export const accountRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  const signedIn = authorize(STAFF_ROLES);
  const admitChange = async (request: FastifyRequest) =>
    (await deps.authAttempts.hit(`password-change:${staffOf(request).id}`, 60_000)).count <= CHANGES_PER_MINUTE;

  const render = (request: FastifyRequest, reply: FastifyReply, status: number, error?: string) =>
    sendHtml(
      reply,
      passwordPage({
        viewer: viewerOf(request)!,
        csrfToken: csrfTokenFor(request, reply),
        required: request.staffSession?.mustChangePassword ?? false,
        error,
      }),
      status,
    );

  const refuse = (request: FastifyRequest, reply: FastifyReply, status: number, code: string, field: string, message: string) =>
    wantsJson(request) ? reply.code(status).send({ error: code, field, message }) : render(request, reply, status, message);

  const options = { preHandler: signedIn, config: { duringPasswordChange: true } };

  app.get(PASSWORD_CHANGE_PATH, options, async (request, reply) => render(request, reply, 200));

  app.post(PASSWORD_CHANGE_PATH, options, async (request, reply) => {
    if (!(await admitChange(request))) {
      return refuse(request, reply, 429, 'rate_limited', 'actual', 'Demasiados intentos. Espera un minuto y vuelve a intentarlo.');
    }
    const parsed = changeBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return refuse(request, reply, 400, 'invalid_request', String(issue.path[0] ?? 'nueva'), issue.message);
    }
    const { actual, nueva, confirmacion } = parsed.data;
    if (nueva !== confirmacion) return refuse(request, reply, 400, 'invalid_request', 'confirmacion', 'Las dos contraseñas nuevas no coinciden.');
    try {
      await changeOwnPassword(deps, staffOf(request), request.staffSession!.sessionId, { current: actual, next: nueva });
    } catch (error) {
      if (error instanceof ConsoleError) {
        const field = error.code === 'wrong_password' ? 'actual' : 'nueva';
        return refuse(request, reply, 400, error.code, field, error.message);
      }
      throw error;
    }
    if (wantsJson(request)) return reply.code(204).send();
    return reply.redirect(homeOf(staffOf(request).role), 303);
  });
};
