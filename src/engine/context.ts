import type { Language } from './language.js';


/**
 * A value of a case or survivor field the host passes in {@link RunContext.fields}, or that a `set`
 * node writes on the case (`case_field_set`).
 */
export type FieldValue = string | number | boolean | null;

/**
 * What the host tells the engine about the moment and the person, on every call. The engine
 * never reads the clock itself. Only `now`, `language` and `alias` are required; older callers that
 * pass just those keep working (branches on safe hours then take the "outside" way, see below).
 *
 * @example
 * {
 *   "now": "2025-06-02T16:00:00.000Z", "language": "es-MX", "alias": "Lupita",
 *   "timezone": "America/Cancun", "insideSafeHours": true,
 *   "fields": { "tiene_cita": true, "cita_hora": "el jueves 12 de junio a las 10:00" }
 * }
 */
export interface RunContext {
  /** The current instant, ISO 8601 (stored as-is in `startedAt`, `updatedAt`, result `at`). */
  readonly now: string;
  /** The session's language; texts without this translation fall back to es-MX. */
  readonly language: Language;
  /** The name the survivor chose to be called, or null (greetings then omit the name). */
  readonly alias: string | null;
  /**
   * The IANA time zone typed dates and times are read in ("mañana a las 5"); `America/Cancun`
   * when absent.
   */
  readonly timezone?: string | undefined;
  /**
   * Whether `now` is inside her safe hours (the host computes it from her windows). A `branch` on
   * `safe_hours` treats an absent value as **outside**: when in doubt, say nothing.
   */
  readonly insideSafeHours?: boolean | undefined;
  /**
   * Whether a person of the unit is on duty at `now` (the host computes it from `STAFF_HOURS`).
   * Absent: on duty, as every moment was before staff hours were configurable. When false, a
   * handoff says its `text_after_hours` and the host passes `fields.atencion_hora`, when a person is
   * next on duty as a message words it ("mañana a las 9:00").
   */
  readonly staffOnDuty?: boolean | undefined;
  /**
   * Case and survivor fields a `branch` can read, by name. `cita_hora` also fills the `{{cita_hora}}`
   * placeholder (a flow that uses it needs it as a non-empty text on every call).
   */
  readonly fields?: Readonly<Record<string, FieldValue>> | undefined;
}

/**
 * Whether a person of the unit is on duty, and when one next is (`fields.atencion_hora`), as a run's
 * context carries them: what a reply that promises a person needs (see `detectPersonRequest`).
 */
export type StaffDuty = Pick<RunContext, 'staffOnDuty' | 'fields'>;
