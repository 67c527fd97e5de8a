import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ConsoleError, type ConsoleErrorCode } from '../app/console/errors.js';
import { wantsJson } from './authorize.js';
import { csrfTokenFor } from './auth/install-staff-auth.js';
import { RequestError } from './request-error.js';
import { errorPage } from './views/error-page.js';
import { viewerOf } from './routes/route-helpers.js';

const STATUS: Record<ConsoleErrorCode, number> = {
  case_not_found: 404,
  media_not_found: 404,
  alert_not_found: 404,
  forbidden: 403,
  held_by_other: 409,
  not_holder: 409,
  case_closed: 409,
  no_follow_up_consent: 409,
  opted_out: 409,
  unknown_flow: 400,
  unknown_template: 400,
  no_phone: 404,
  invalid_assignee: 400,
  staff_exists: 409,
  staff_not_found: 404,
  cannot_disable_self: 409,
  cannot_reset_self: 409,
  wrong_password: 400,
  password_too_short: 400,
  password_unchanged: 400,
  outside_safe_hours: 409,
  unseen_alert: 409,
  unknown_sender_not_found: 404,
  number_taken: 409,
  reply_window_closed: 409,
  not_written_recently: 409,
  case_open: 409,
  code_word_unsuitable: 400,
  denied_word: 409,
  psychologist_not_found: 404,
};

/** The field a console refusal names, where it is not the case itself. */
const FIELD: Partial<Record<ConsoleErrorCode, string>> = {
  media_not_found: 'contactId',
  alert_not_found: 'alertId',
  unknown_flow: 'flujo',
  unknown_template: 'plantilla',
  invalid_assignee: 'staffId',
  staff_exists: 'email',
  staff_not_found: 'staffId',
  cannot_disable_self: 'staffId',
  cannot_reset_self: 'staffId',
  wrong_password: 'actual',
  password_too_short: 'nueva',
  password_unchanged: 'nueva',
  outside_safe_hours: 'fuera_de_horario',
  unseen_alert: 'vista',
  unknown_sender_not_found: 'id',
  number_taken: 'caso',
  reply_window_closed: 'texto',
  not_written_recently: 'sin_mensaje_reciente',
  code_word_unsuitable: 'palabra_clave',
  denied_word: 'palabra_prohibida',
  psychologist_not_found: 'de',
};

const TITLES: Record<number, string> = {
  400: 'Revisa los datos',
  403: 'Sin acceso',
  404: 'No encontrado',
  409: 'No se pudo hacer',
  429: 'Demasiados intentos',
};

/** A refusal as the console answers it. */
interface Refusal {
  status: number;
  code: string;
  field: string;
  message: string;
  detail?: Record<string, string>;
}

function refusalOf(error: FastifyError | RequestError | ConsoleError): Refusal | null {
  if (error instanceof ConsoleError) {
    return { status: STATUS[error.code], code: error.code, field: FIELD[error.code] ?? 'case', message: error.message, detail: error.detail };
  }
  if (error instanceof RequestError) return { status: error.statusCode, code: error.code, field: error.field, message: error.message };
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
    return {
      status: 403,
      code: 'invalid_csrf',
      field: '_csrf',
      message: 'El formulario caducó o no es válido. Vuelve a cargar la página e inténtalo de nuevo.',
    };
  }
  const status = error.statusCode ?? 500;
  if (status >= 500) return null;
  return { status, code: 'bad_request', field: 'body', message: 'No se entendió la solicitud.' };
}

/**
 * The console's error handler: refusals answer JSON `{ error, field, message, …detail }` to scripts and
 * APIs, and a Spanish page otherwise; unexpected errors are logged by name and code only.
 */
export function consoleErrorHandler(error: FastifyError | RequestError | ConsoleError, request: FastifyRequest, reply: FastifyReply) {
  const refusal = refusalOf(error);
  if (!refusal) {
    request.log.error({ err: { name: error.name, code: (error as FastifyError).code } }, 'console request failed');
  } else {
    request.log.info({ code: refusal.code, statusCode: refusal.status }, 'console request refused');
  }
  const { status, code, field, message, detail } = refusal ?? {
    status: 500,
    code: 'internal_error',
    field: 'request',
    message: 'Algo salió mal; vuelve a intentarlo en un momento.',
  };
  if (wantsJson(request)) return reply.code(status).send({ error: code, field, message, ...detail });
  const caseId = /^\/casos\/([0-9a-f-]{36})/.exec(request.url)?.[1];
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(
      errorPage({
        title: TITLES[status] ?? 'Error',
        message,
        viewer: viewerOf(request),
        csrfToken: csrfTokenFor(request, reply),
        ...(caseId && status !== 404 ? { back: { href: `/casos/${caseId}`, label: 'Volver al caso' } } : {}),
      }).toString(),
    );
}
