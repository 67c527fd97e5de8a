import type { Language } from './language.js';

/**
 * What the host tells the engine about the moment and the person, on every call. The engine
 * never reads the clock itself.
 *
 * @example
 * { "now": "2025-06-02T16:00:00.000Z", "language": "es-MX", "alias": "Lupita" }
 */
export interface RunContext {
  /** The current instant, ISO 8601 (stored as-is in `startedAt`, `updatedAt`, result `at`). */
  readonly now: string;
  /** The session's language; texts without this translation fall back to es-MX. */
  readonly language: Language;
  /** The name the survivor chose to be called, or null (greetings then omit the name). */
  readonly alias: string | null;
}
