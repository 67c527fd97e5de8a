import type { StaffDuty } from '../context.js';
import { FALLBACK_LANGUAGE, type Language } from '../language.js';
import { renderText } from '../text/compiled-text.js';
import type { InterruptKind, InterruptSettings } from './settings.js';
import { readEmergencyWords } from './emergency-words.js';
import { wordTokens } from './words.js';

/**
 * An interrupt found in her message, with the reply to send, rendered in her language.
 *
 * @example
 * { "kind": "emergency", "reply": "Si estás en peligro, llama al 911 ahora. ..." }
 */
export interface Interrupt {
  readonly kind: InterruptKind;
  readonly reply: string;
}

/** What the host knows about a message besides its text. */
export interface InterruptOptions {
  /** The keyed hash of one of `codeWordForms(text)` equals her code word's hash. */
  readonly isCodeWord: boolean;
  /** Her language, for the reply; es-MX when absent. */
  readonly language?: Language | undefined;
  /** Whether a person is on duty: while nobody is, an emergency's reply is `reply_after_hours`. */
  readonly duty?: StaffDuty | undefined;
}

/**
 * Checks one of her messages for an interrupt, before any flow step. In order:
 * 1. `code_word`: the host recognised her code word (`isCodeWord`);
 * 2. `emergency`: an emergency word or phrase appears anywhere **as whole words**: "necesito
 *    ayuda", "AYUDAAA", "¡Peligro!" trigger it; "¿me ayudas a entender?" does not ("ayudas" is
 *    another word). A false alarm costs a person's look; a miss could cost far more, so any
 *    position in the message counts. Only a word she thanks for ("gracias por tu ayuda") or negates
 *    in its clause ("ya no estoy en peligro") is no emergency: the reply would put 911 on her screen
 *    for nothing. A negated one is read by a person all the same (see `mentionsRisk`);
 * 3. `opt_out`: the **whole message** is an opt-out word or phrase, courtesy words around it
 *    allowed ("BAJA", "Alto, por favor", "stop gracias"); "me siento baja de ánimo" or "hablo alto"
 *    do not opt her out, because a false opt-out silences her.
 * Case, accents, punctuation, emoji and surrounding spaces never matter. Returns null for an
 * ordinary message.
 *
 * @example
 * detectInterrupt(settings, 'Necesito AYUDA', { isCodeWord: false }) // { kind: 'emergency', reply: 'Si estás en peligro, ...' }
 * detectInterrupt(settings, 'baja', { isCodeWord: false, language: 'en' }) // { kind: 'opt_out', reply: '...' }
 * detectInterrupt(settings, 'me ayudas con algo', { isCodeWord: false }) // null
 */
export function detectInterrupt(settings: InterruptSettings, text: string, options: InterruptOptions): Interrupt | null {
  const kind = interruptKind(settings, text, options.isCodeWord);
  if (kind === undefined) return null;
  const afterHours = kind === 'emergency' && options.duty?.staffOnDuty === false;
  const reply = afterHours ? settings.afterHours.emergency : settings.replies[kind];
  return { kind, reply: renderText(reply, options.language ?? FALLBACK_LANGUAGE, null, afterHours ? options.duty?.fields : undefined) };
}

function interruptKind(settings: InterruptSettings, text: string, isCodeWord: boolean): InterruptKind | undefined {
  if (isCodeWord) return 'code_word';
  const tokens = wordTokens(text);
  if (readEmergencyWords(settings, text, tokens) === 'cry') return 'emergency';
  if (settings.optOutWords.wholeMessage(tokens) !== undefined) return 'opt_out';
  return undefined;
}
