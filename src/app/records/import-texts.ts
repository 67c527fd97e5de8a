import { say, type LocalText } from './import-problem.js';

/**
 * What each import check says, by key: the row schema's zod messages are these keys, turned into
 * both languages when the problem is reported. No text quotes a value from the file.
 */
export const IMPORT_TEXTS = {
  required: say('es obligatorio', 'is required'),
  folio_length: say('debe tener como máximo 64 caracteres', 'must be at most 64 characters'),
  folio_chars: say('solo puede llevar letras, dígitos y - _ / .', 'must use only letters, digits and - _ / .'),
  date: say(
    'debe ser una fecha y hora como 15/01/2026 22:30, 15/01/2026 10:30 p. m. o 2026-01-15T22:30:00-05:00',
    'must be a date and time such as 15/01/2026 22:30, 15/01/2026 10:30 p. m. or 2026-01-15T22:30:00-05:00',
  ),
  date_future: say('es posterior a este momento: revisa el año y la hora', 'is in the future: check the year and time'),
  date_too_old: say('es anterior al año 2000: revisa el año', 'is before the year 2000: check the year'),
  service: say('debe ser Jurídica o Psicológica', 'must be juridica or psicologica'),
  line: say(
    'debe ser Acompañamiento previo, Intervención 12-48 h, Atención subsecuente o Seguimiento',
    'must be one of acompanamiento_previo, intervencion_12_48h, atencion_subsecuente, seguimiento',
  ),
  channel: say('debe ser 911, WhatsApp o Videollamada', 'must be one of telefono_911, whatsapp, videollamada'),
  phone: say(
    'debe ser un número de 10 dígitos como 998 555 0101, o con lada de país como +52 998 555 0101',
    'must be a 10-digit number such as 998 555 0101, or one with its country code such as +52 998 555 0101',
  ),
  two_phones: say(
    'tiene más de un número: deja solo el de ella (el otro puede ir en una nota del caso)',
    'holds more than one number: keep only hers (the other can go in a note on the case)',
  ),
  alias_length: say('debe tener como máximo 60 caracteres', 'must be at most 60 characters'),
  alias_one_line: say('debe ir en una sola línea', 'must be on one line'),
  alias_phone: say('no debe contener un número de teléfono', 'must not contain a phone number'),
  yes_no: say('debe ser sí o no (o una x para sí)', 'must be si or no (or an x for yes)'),
  control: say(
    'lleva caracteres de control invisibles; vuelve a escribir el valor o guarda el archivo de nuevo',
    'holds invisible control characters; type the value again or save the file again',
  ),
  excel_error: say(
    'muestra un error de Excel (como #N/D o #¡REF!): corrige la fórmula o escribe el valor',
    'shows an Excel error (such as #N/A or #REF!): fix the formula or type the value',
  ),
  unreadable: say('no se puede leer', 'cannot be read'),
} satisfies Record<string, LocalText>;

/** A key of {@link IMPORT_TEXTS}. */
export type ImportTextKey = keyof typeof IMPORT_TEXTS;

/** The text of a schema message (a key of {@link IMPORT_TEXTS}); any other message becomes `unreadable`. */
export function importText(key: string): LocalText {
  return key in IMPORT_TEXTS ? IMPORT_TEXTS[key as ImportTextKey] : IMPORT_TEXTS.unreadable;
}
