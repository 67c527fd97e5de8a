/**
 * What a delivery failure means for the staff, in plain Spanish: what happened and what to do. Built
 * from the error code stored on the message, as the Cloud API webhook reports it (`CLOUD_131047`) or
 * as a refused send names it (`CLOUD_REENGAGEMENT_REQUIRED`, `CLOUD_TEMPLATE_132001`).
 *
 * @example
 * failureAdvice('CLOUD_131047')
 * // { kind: 'window_closed', what: 'No le llegó: pasaron más de 24 horas desde su último mensaje…', todo: 'Envíale la plantilla…' }
 */
export interface FailureAdvice {
  /** The family of the failure, for the list of undelivered messages and the tests. */
  kind: FailureKind;
  /** What happened, one sentence. */
  what: string;
  /** What a person should do now, one sentence. */
  todo: string;
}

/** Families of delivery failures a person acts on differently. */
export type FailureKind =
  | 'window_closed'
  | 'undeliverable'
  | 'marketing_limit'
  | 'she_stopped'
  | 'template_problem'
  | 'experiment'
  | 'account'
  | 'unreachable'
  | 'request_refused'
  | 'other';

/** A message the channel could not take for as long as `SEND_RETRY_SECONDS` allows: the send gave up. */
export const CHANNEL_UNREACHABLE = 'CHANNEL_UNREACHABLE';

/** The 24-hour window was closed (131047, and its older code 470). */
export const WINDOW_CLOSED_CODES = new Set(['CLOUD_131047', 'CLOUD_470', 'CLOUD_REENGAGEMENT_REQUIRED']);

const ADVICE: Readonly<Record<FailureKind, Omit<FailureAdvice, 'kind'>>> = {
  window_closed: {
    what: 'No le llegó: pasaron más de 24 horas desde su último mensaje y WhatsApp solo deja enviar una plantilla aprobada.',
    todo: 'Envíale la plantilla desde la conversación, o llámale si el caso lo requiere.',
  },
  undeliverable: {
    what: 'No le llegó: WhatsApp no pudo entregarlo (el número puede no tener WhatsApp o no estar disponible).',
    todo: 'Revisa el número con el equipo o intenta contactarla por teléfono.',
  },
  marketing_limit: {
    what: 'No le llegó: WhatsApp limitó los mensajes de empresas que recibe este número.',
    todo: 'Espera un día antes de volver a escribirle, o llámale si es urgente.',
  },
  she_stopped: {
    what: 'No le llegó: ella pidió en WhatsApp no recibir mensajes de este número.',
    todo: 'No vuelvas a escribirle por WhatsApp; decide con coordinación si se le llama.',
  },
  template_problem: {
    what: 'No le llegó: la plantilla de WhatsApp no está aprobada, está pausada o no coincide con la registrada.',
    todo: 'Avisa a quien administra la cuenta de WhatsApp para revisar las plantillas; mientras, llámale si es necesario.',
  },
  experiment: {
    what: 'No le llegó: WhatsApp no lo entregó porque el número está en un experimento de Meta.',
    todo: 'Intenta de nuevo más tarde o contáctala por otro medio.',
  },
  account: {
    what: 'No le llegó: la cuenta de WhatsApp del servicio tiene un problema (bloqueo o credenciales).',
    todo: 'Avisa de inmediato a quien administra la cuenta de WhatsApp.',
  },
  request_refused: {
    what: 'No le llegó: WhatsApp no aceptó la forma del mensaje (no es un problema de su número), por ejemplo un texto demasiado largo.',
    todo: 'Avisa a quien administra el servicio con la hora del mensaje; mientras, escríbele un mensaje más corto desde la conversación o llámale si es necesario.',
  },
  unreachable: {
    what: 'No se envió: durante demasiado tiempo no se pudo entregar el mensaje a WhatsApp (la línea, la conexión o las credenciales fallaban).',
    todo: 'Avisa a quien administra la línea de WhatsApp; cuando funcione, escríbele de nuevo desde la conversación, o llámale si es urgente.',
  },
  other: {
    what: 'No le llegó: WhatsApp rechazó el mensaje.',
    todo: 'Revisa la conversación e intenta contactarla de otra forma.',
  },
};

/** The family of a stored error code. */
export function failureKind(errorCode: string): FailureKind {
  if (WINDOW_CLOSED_CODES.has(errorCode)) return 'window_closed';
  if (errorCode.startsWith('CLOUD_TEMPLATE_')) return 'template_problem';
  // A code from a status webhook (`CLOUD_131042`) or from a refused send (`CLOUD_REFUSED_131042`).
  const numeric = /^CLOUD_(?:REFUSED_)?(\d+)$/.exec(errorCode)?.[1];
  if (numeric !== undefined) {
    const code = Number(numeric);
    if (code === 131026 || code === 131021 || code === 131009) return 'undeliverable';
    if (code === 100) return 'request_refused';
    if (code === 131049) return 'marketing_limit';
    if (code === 131050) return 'she_stopped';
    if (code === 130472) return 'experiment';
    if (code >= 132000 && code < 133000) return 'template_problem';
    // Blocked or locked, token or permission, payment (131042), number not registered (133010).
    if (code === 368 || code === 131031 || code === 190 || code === 10 || code === 131042 || code === 133010) return 'account';
    return 'other';
  }
  switch (errorCode) {
    case 'CLOUD_INVALID_NUMBER':
    case 'WA_NOT_ON_WHATSAPP':
    case 'WA_INVALID_NUMBER':
      return 'undeliverable';
    case 'CLOUD_NOT_DELIVERED':
      return 'marketing_limit';
    case 'CLOUD_ACCOUNT_BLOCKED':
    case 'CLOUD_AUTH':
      return 'account';
    case CHANNEL_UNREACHABLE:
      return 'unreachable';
    case 'CLOUD_INVALID_REQUEST':
      return 'request_refused';
    default:
      return 'other';
  }
}

/** What a failure with this stored error code means and what to do about it. */
export function failureAdvice(errorCode: string): FailureAdvice {
  const kind = failureKind(errorCode);
  return { kind, ...ADVICE[kind] };
}
