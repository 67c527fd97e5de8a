import { staffText, type StaffText } from '../staff-text.js';

/**
 * Placeholder names a flow text may use:
 * - `{{alias}}`: the name she chose to be called by (left out gracefully when she has none, except in
 *   a node with a WhatsApp template, which says a neutral word instead: see `template-alias.ts`);
 * - `{{cita_hora}}`: the offered video-call time as the host words it, e.g. "el jueves 12 de junio
 *   a las 10:00", from `ctx.fields.cita_hora`. A day and an hour name no person, place or service,
 *   so it reads like any message between acquaintances;
 * - `{{cita_enlace}}`: the video call's link, from `ctx.fields.cita_enlace`: the configured server and
 *   a random room name, nothing that names her or the unit. The host passes it only to the message
 *   that is meant to carry it (see `VIDEO_LINK_SENT`).
 * - `{{cita_opciones}}`: other free times for the call, one a line ("1) mañana a las 10:00"), worded
 *   like `cita_hora`: days and hours only.
 * - `{{atencion_hora}}`: when a person of the unit is next on duty, worded like `cita_hora` ("mañana a
 *   las 9:00"), from `ctx.fields.atencion_hora`; only in texts said while nobody is on duty
 *   ({@link AFTER_HOURS_PLACEHOLDERS}): a handoff's `text_after_hours`, the after-hours replies of
 *   `ajustes.yaml`.
 * No other case field may be shown in a text.
 */
export const ALLOWED_PLACEHOLDERS = ['alias', 'cita_hora', 'cita_enlace', 'cita_opciones', 'atencion_hora'] as const;

/** The placeholders of a text said only while nobody is on duty: the host fills them only then. */
export const AFTER_HOURS_PLACEHOLDERS = ['atencion_hora'] as const satisfies readonly PlaceholderName[];

/** The placeholders every other text of a flow may use: all but {@link AFTER_HOURS_PLACEHOLDERS}. */
export const DAYTIME_PLACEHOLDERS: readonly PlaceholderName[] = ALLOWED_PLACEHOLDERS.filter(
  (name) => !(AFTER_HOURS_PLACEHOLDERS as readonly string[]).includes(name),
);

/** A name in {@link ALLOWED_PLACEHOLDERS}. */
export type PlaceholderName = (typeof ALLOWED_PLACEHOLDERS)[number];

/** Matches `{{ name }}` (spaces inside the braces allowed). */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Any run of braces with what they enclose: what is left after removing valid placeholders. */
const STRAY_BRACES = /\{+[^{}]*\}*|\}+/g;

/** `{{alias}}, {{cita_hora}} y {{cita_enlace}}` (or `... and ...`), for messages. */
function listOf(names: readonly string[], and: string): string {
  return names.map((name) => `{{${name}}}`).join(', ').replace(/, ([^,]*)$/, ` ${and} $1`);
}

/** A problem with the placeholders in one text: the offending piece of text and what is wrong. */
export interface PlaceholderProblem {
  /** The exact piece of the text at fault, e.g. `{{nombre}}` or `{alias}`. */
  readonly token: string;
  /** A message for the flow's author, in both languages staff read. */
  readonly message: StaffText;
}

/** True for a name in {@link ALLOWED_PLACEHOLDERS}. */
export function isPlaceholderName(name: string): name is PlaceholderName {
  return (ALLOWED_PLACEHOLDERS as readonly string[]).includes(name);
}

/**
 * Finds unknown placeholders (`{{nombre}}`) and stray braces (`{alias}`) in a text. `allowed`
 * narrows the names accepted (the settings file allows none).
 *
 * @example
 * findPlaceholderProblems('Hola {{nombre}}') // [{ token: '{{nombre}}', message: { es: 'marcador desconocido ...', en: 'unknown placeholder ...' } }]
 */
export function findPlaceholderProblems(
  text: string,
  allowed: readonly PlaceholderName[] = ALLOWED_PLACEHOLDERS,
): PlaceholderProblem[] {
  const problems: PlaceholderProblem[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!(allowed as readonly string[]).includes(name)) {
      problems.push({
        token: match[0],
        message: (AFTER_HOURS_PLACEHOLDERS as readonly string[]).includes(name)
          ? staffText(
              `"${match[0]}" solo se puede usar en los textos para cuando no hay nadie del personal en horario (text_after_hours, reply_after_hours)`,
              `"${match[0]}" can only be used in the texts for when no staff member is on duty (text_after_hours, reply_after_hours)`,
            )
          : allowed.length === 0
            ? staffText(`"${match[0]}": estos textos no pueden usar marcadores`, `"${match[0]}": these texts cannot use placeholders`)
            : staffText(
                `marcador desconocido "${match[0]}": solo se pueden usar ${listOf(allowed, 'y')}`,
                `unknown placeholder "${match[0]}": only ${listOf(allowed, 'and')} can be used`,
              ),
      });
    }
  }
  const rest = text.replace(PLACEHOLDER, ' ');
  for (const match of rest.matchAll(STRAY_BRACES)) {
    problems.push({
      token: match[0],
      message: staffText(
        `"${match[0]}" no es un marcador: escribe {{alias}} con dos llaves de cada lado`,
        `"${match[0]}" is not a placeholder: write {{alias}} with two braces on each side`,
      ),
    });
  }
  return problems;
}

/** The placeholder names a (valid) text uses, each once, in order. */
export function placeholdersIn(text: string): PlaceholderName[] {
  const names: PlaceholderName[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (isPlaceholderName(name) && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Splits a (valid) text into literal pieces and placeholder names.
 *
 * @example
 * splitPlaceholders('Hola {{alias}}, ¿{{cita_hora}}?') // ['Hola ', { name: 'alias' }, ', ¿', { name: 'cita_hora' }, '?']
 */
export function splitPlaceholders(text: string): Array<string | { readonly name: PlaceholderName }> {
  const parts: Array<string | { readonly name: PlaceholderName }> = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!isPlaceholderName(name)) continue;
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ name });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/**
 * The text as it reads when the survivor has no alias: the placeholder is removed together with
 * the comma or spaces that would be left dangling.
 *
 * @example
 * textWithoutAlias('Hola {{alias}}, soy Ana.')   // 'Hola, soy Ana.'
 * textWithoutAlias('¡Hola, {{alias}}!')          // '¡Hola!'
 * textWithoutAlias('{{alias}}, ¿cómo estás?')    // '¿cómo estás?'
 */
export function textWithoutAlias(text: string): string {
  return text
    .replace(/(^|\n|[¡¿(])[ \t]*\{\{\s*alias\s*\}\}[ \t]*,?[ \t]*/g, '$1')
    .replace(/,?[ \t]*\{\{\s*alias\s*\}\}/g, '');
}
