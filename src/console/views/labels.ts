/** Spanish labels of the codes the console shows. */

import type { StaffRole } from '../../app/console/ports.js';

/** Role names. */
export const ROLE_LABELS: Record<StaffRole, string> = {
  psychologist: 'Psicóloga/o',
  coordinator: 'Coordinación',
  admin: 'Administración',
};

/** Who talks with her. */
export const ATTENTION_LABELS: Record<string, string> = {
  bot: 'Con el bot',
  waiting_person: 'Espera a una persona',
  with_person: 'Con una persona',
  stopped: 'Conversación detenida',
};

/** Risk levels. */
export const RISK_LABELS: Record<string, string> = { low: 'Bajo', medium: 'Medio', high: 'Alto' };

/** Consent purposes. */
export const CONSENT_LABELS: Record<string, string> = {
  follow_up: 'Mensajes de seguimiento',
  video_call: 'Videollamadas',
  banavim: 'Registro en BANAVIM',
};

/** Where a consent was given. */
export const CONSENT_SOURCE_LABELS: Record<string, string> = {
  intervention_911: 'en la intervención del 911',
  chat: 'en el chat',
  console: 'en la consola',
};

/** Delivery states of an outgoing message. */
export const STATUS_LABELS: Record<string, string> = {
  received: 'recibido',
  queued: 'en cola',
  sending: 'enviando',
  sent: 'enviado',
  delivered: 'entregado',
  read: 'leído',
  failed: 'no enviado',
};

/** Alert kinds. */
export const ALERT_LABELS: Record<string, string> = {
  emergency_word: 'Palabra de emergencia',
  code_word: 'Palabra clave',
  handoff: 'Pidió una persona',
  missed_checkins: 'Seguimientos sin respuesta',
  unknown_number: 'Número desconocido',
  rate_limited: 'Límite de envíos',
  reminder_skipped: 'Recordatorio omitido',
  delivery_failed: 'Mensaje no entregado',
  risk_signal: 'Posible riesgo en su mensaje',
  no_consent: 'Escribió sin consentimiento de seguimiento',
  file_to_review: 'Archivo por revisar',
  slot_taken: 'Horario de videollamada ocupado',
  hours_request: 'Pidió otro horario',
  who_is_writing: 'Preguntaron quién escribe',
};

/** Languages. */
export const LANGUAGE_LABELS: Record<string, string> = { 'es-MX': 'Español', en: 'Inglés', yua: 'Maya' };

/** A label, or the code itself when there is none. */
export function label(labels: Record<string, string>, code: string): string {
  return labels[code] ?? code;
}
