import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { noticeOf } from '../notice-of.js';
import { ConsoleError } from '../../app/console/errors.js';
import { STAFF_ROLES } from '../../app/console/ports.js';
import { createStaff, disableStaff, enableStaff, MIN_PASSWORD_LENGTH, resetStaffPassword } from '../../app/console/staff-admin.js';
import { authorize } from '../authorize.js';
import { csrfTokenFor } from '../auth/install-staff-auth.js';
import type { ConsoleDeps } from '../console-deps.js';
import { parseRequest } from '../request-error.js';
import { staffPage } from '../views/staff-page.js';
import { sendHtml, staffOf, viewerOf } from './route-helpers.js';

const NOTICES: Record<string, string> = {
  creada: 'Cuenta creada.',
  desactivada:
    'Cuenta desactivada: sus sesiones terminaron. Si era psicóloga, sus casos abiertos y sus videollamadas por venir siguen a su nombre: avisa a coordinación para que los pase a otra psicóloga (en la Bandeja, filtrando por ella, y en el Calendario).',
  reactivada: 'Cuenta reactivada: ya puede iniciar sesión.',
};

const newStaffBody = z.object({
  displayName: z.string('Escribe el nombre.').trim().min(1, 'Escribe el nombre.').max(100, 'El nombre es demasiado largo.'),
  email: z.email('Escribe un correo válido.').max(254),
  role: z.enum(STAFF_ROLES as ['psychologist', 'coordinator', 'admin'], 'Elige un perfil.'),
  password: z
    .string('Escribe una contraseña.')
    .min(MIN_PASSWORD_LENGTH, `La contraseña debe tener al menos ${MIN_PASSWORD_LENGTH} caracteres.`)
    .max(256, 'La contraseña es demasiado larga.'),
});

const staffParams = z.object({ staffId: z.uuid('debe ser el identificador de una persona del personal') });
const pageQuery = z.object({ hecho: z.string().max(20).optional() });

/**
 * Account management, for admins only:
 * - `GET /admin/personal`: every account;
 * - `POST /admin/personal`: create one (`displayName`, `email`, `role`, `password`), audited;
 * - `POST /admin/personal/:staffId/desactivar`: disable one (its sessions end at once), audited;
 * - `POST /admin/personal/:staffId/reactivar`: let a disabled one sign in again, audited;
 * - `POST /admin/personal/:staffId/restablecer`: give one a temporary password, shown once on the
 *   page this answers (200, never in a URL), that she must change at her next sign-in; her sessions
 *   end; audited (without the password).
 */
export const staffAdminRoutes: FastifyPluginAsync<ConsoleDeps> = async (app, deps) => {
  const admin = authorize(['admin']);

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    extra: {
      notice?: string | undefined;
      error?: string;
      draft?: { email?: string; displayName?: string; role?: string };
      temporary?: { displayName: string; email: string; password: string };
    },
  ) =>
    sendHtml(
      reply,
      staffPage({ viewer: viewerOf(request)!, csrfToken: csrfTokenFor(request, reply), staff: await deps.staff.list(), ...extra }),
      status,
    );

  app.get('/admin/personal', { preHandler: admin }, async (request, reply) => {
    const { hecho } = parseRequest(pageQuery, request.query, 'query', 'es');
    return render(request, reply, 200, { notice: noticeOf(NOTICES, hecho) });
  });

  app.post('/admin/personal', { preHandler: admin }, async (request, reply) => {
    const raw = (request.body ?? {}) as Record<string, unknown>;
    const draft = {
      email: typeof raw.email === 'string' ? raw.email : '',
      displayName: typeof raw.displayName === 'string' ? raw.displayName : '',
      role: typeof raw.role === 'string' ? raw.role : '',
    };
    const parsed = newStaffBody.safeParse(raw);
    if (!parsed.success) return render(request, reply, 400, { error: parsed.error.issues[0]!.message, draft });
    try {
      await createStaff(deps, staffOf(request), parsed.data);
    } catch (error) {
      if (error instanceof ConsoleError && error.code === 'staff_exists') return render(request, reply, 409, { error: error.message, draft });
      throw error;
    }
    return reply.redirect('/admin/personal?hecho=creada', 303);
  });

  app.post('/admin/personal/:staffId/desactivar', { preHandler: admin }, async (request, reply) => {
    const { staffId } = parseRequest(staffParams, request.params, 'params', 'es');
    await disableStaff(deps, staffOf(request), staffId);
    return reply.redirect('/admin/personal?hecho=desactivada', 303);
  });

  app.post('/admin/personal/:staffId/reactivar', { preHandler: admin }, async (request, reply) => {
    const { staffId } = parseRequest(staffParams, request.params, 'params', 'es');
    await enableStaff(deps, staffOf(request), staffId);
    return reply.redirect('/admin/personal?hecho=reactivada', 303);
  });

  app.post('/admin/personal/:staffId/restablecer', { preHandler: admin }, async (request, reply) => {
    const { staffId } = parseRequest(staffParams, request.params, 'params', 'es');
    const { member, temporaryPassword } = await resetStaffPassword(deps, staffOf(request), staffId);
    return render(request, reply, 200, { temporary: { displayName: member.displayName, email: member.email, password: temporaryPassword } });
  });
};
