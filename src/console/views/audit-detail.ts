import type { StaffMember } from '../../app/console/ports.js';
import { dateTime } from './format.js';

/** What each key of an audit entry's detail says, as the admin reads it. Keys not listed show as written. */
const KEY_LABELS: Record<string, string> = {
  via: 'desde',
  contactId: 'mensaje',
  what: 'qué',
  deniedWord: 'palabra de la lista confirmada',
  afterFifteenMinutes: 'después de 15 minutos',
  change: 'cambio',
  fields: 'datos',
  reason: 'motivo',
  purpose: 'consentimiento',
  granted: 'lo dio',
  withdrawnMessages: 'mensajes retirados',
  role: 'rol',
  alertId: 'alerta',
  backToBot: 'volvió con el bot',
  appointmentId: 'videollamada',
  staffId: 'persona',
  assigneeId: 'asignada a',
  fromId: 'antes asignada a',
  together: 'con todos sus casos',
  cases: 'casos',
  format: 'formato',
  exportedWithFields: 'con sus datos',
  checkInId: 'seguimiento',
  flowId: 'flujo',
  dueAt: 'para',
  folio: 'folio',
  from: 'desde el',
  to: 'hasta el',
  noteId: 'nota',
  sessionId: 'sesión',
  unknownSenderId: 'número sin caso',
  week: 'semana del',
  releasedCases: 'conversaciones liberadas',
  mode: 'cómo',
  outcome: 'resultado',
  forced: 'forzada',
  atHerNextSafeMoment: 'en su siguiente momento seguro',
  days: 'días',
  closedBefore: 'casos cerrados antes del',
  unknownDays: 'días (números sin caso)',
  unknownLastSeenBefore: 'números sin caso callados desde antes del',
  contactTextsRemoved: 'textos borrados',
  sessionStatesRemoved: 'respuestas borradas',
  filesRemoved: 'archivos borrados',
  unknownSendersRemoved: 'números sin caso borrados',
  unknownSenderMessagesRemoved: 'sus mensajes borrados',
  rows: 'renglones',
  created: 'nuevos',
  unchanged: 'sin cambios',
  casesCreated: 'casos nuevos',
  banavimRegistered: 'registros BANAVIM',
  enrolled: 'casos con seguimientos',
  checkInsCreated: 'seguimientos programados',
  sessionsCancelled: 'videollamadas canceladas',
  fileSha256: 'huella del archivo',
};

/** The codes stored as values, in words; any other value shows as written. */
const VALUE_LABELS: Record<string, string> = {
  // who or what acted
  cli: 'línea de comandos',
  console: 'consola',
  scheduler: 'tarea programada',
  takeover: 'al tomar la conversación',
  linked_phone: 'el teléfono vinculado',
  // what a person sent
  message: 'mensaje',
  template: 'plantilla',
  // her safe hours
  windows: 'su horario propio',
  service_windows: 'el horario del servicio',
  blocked_added: 'periodo sin contacto agregado',
  blocked_removed: 'periodo sin contacto quitado',
  // her details
  alias: 'alias',
  language: 'idioma',
  risk: 'riesgo',
  // a failed sign-in
  unknown_account: 'cuenta inexistente',
  account_disabled: 'cuenta desactivada',
  wrong_password: 'contraseña incorrecta',
  // consents
  follow_up: 'mensajes de seguimiento',
  video_call: 'videollamadas',
  banavim: 'registro en BANAVIM',
  // roles
  psychologist: 'psicóloga/o',
  coordinator: 'coordinación',
  admin: 'administración',
  // a hand-back
  resume: 'el bot retoma',
  start_flow: 'inicia un flujo',
  end: 'terminó el seguimiento',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function valueText(key: string, value: unknown, staff: readonly StaffMember[]): string {
  if (typeof value === 'boolean') return value ? 'sí' : 'no';
  if (typeof value === 'number') return value.toLocaleString('es-MX');
  if (Array.isArray(value)) return value.map((v) => valueText(key, v, staff)).join(', ');
  if (typeof value !== 'string') return JSON.stringify(value);
  if (UUID.test(value)) return staff.find((s) => s.id === value)?.displayName ?? value.slice(0, 8);
  if (INSTANT.test(value)) return dateTime(new Date(value));
  // A word of the deny list, a flow or a folio is shown as written, never taken for a code.
  if (key === 'deniedWord' || key === 'flowId' || key === 'folio') return value;
  return VALUE_LABELS[value] ?? value;
}

/**
 * An audit entry's detail as the admin reads it: each key and code in Spanish, ids shortened (or the
 * account's name), instants in Cancún time, yes and no for flags. Keys and codes it does not know show
 * as written. The detail holds ids, codes and counts, never personal data.
 *
 * @example
 * auditDetailText({ contactId: '0193…', what: 'message', deniedWord: 'fiscalía' }, [])
 * // 'mensaje: 0193e0a1; qué: mensaje; palabra de la lista confirmada: fiscalía'
 */
export function auditDetailText(detail: Record<string, unknown>, staff: readonly StaffMember[]): string {
  return Object.entries(detail)
    .map(([key, value]) => `${KEY_LABELS[key] ?? key}: ${valueText(key, value, staff)}`)
    .join('; ');
}
