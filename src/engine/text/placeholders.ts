/** Placeholder names a flow text may use, written `{{alias}}`. */
export const ALLOWED_PLACEHOLDERS: readonly string[] = ['alias'];

/** Matches `{{ name }}` (spaces inside the braces allowed). */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** Any run of braces with what they enclose: what is left after removing valid placeholders. */
const STRAY_BRACES = /\{+[^{}]*\}*|\}+/g;

/** A problem with the placeholders in one text: the offending piece of text and what is wrong. */
export interface PlaceholderProblem {
  /** The exact piece of the text at fault, e.g. `{{nombre}}` or `{alias}`. */
  readonly token: string;
  /** A message for the flow's author. */
  readonly message: string;
}

/**
 * Finds unknown placeholders (`{{nombre}}`) and stray braces (`{alias}`) in a text.
 *
 * @example
 * findPlaceholderProblems('Hola {{nombre}}') // [{ token: '{{nombre}}', message: 'unknown placeholder ...' }]
 */
export function findPlaceholderProblems(text: string): PlaceholderProblem[] {
  const problems: PlaceholderProblem[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] ?? '';
    if (!ALLOWED_PLACEHOLDERS.includes(name)) {
      problems.push({
        token: match[0],
        message: `unknown placeholder "${match[0]}": only {{alias}} can be used`,
      });
    }
  }
  const rest = text.replace(PLACEHOLDER, ' ');
  for (const match of rest.matchAll(STRAY_BRACES)) {
    problems.push({
      token: match[0],
      message: `"${match[0]}" is not a placeholder: write {{alias}} with two braces on each side`,
    });
  }
  return problems;
}

/** Splits a text around its `{{alias}}` placeholders: `'a {{alias}} b'` → `['a ', ' b']`. */
export function splitOnAlias(text: string): string[] {
  return text.split(/\{\{\s*alias\s*\}\}/);
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
