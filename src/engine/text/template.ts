import { splitOnAlias, textWithoutAlias } from './placeholders.js';

/**
 * A text prepared once for fast rendering: the pieces between `{{alias}}` slots, and the whole
 * text as it reads without an alias.
 *
 * @example
 * compileTemplate('Hola {{alias}}, soy Ana.')
 * // { pieces: ['Hola ', ', soy Ana.'], withoutAlias: 'Hola, soy Ana.' }
 */
export interface Template {
  readonly pieces: readonly string[];
  readonly withoutAlias: string;
}

/** Prepares a text (already validated for placeholders) for {@link renderTemplate}. */
export function compileTemplate(text: string): Template {
  return { pieces: splitOnAlias(text), withoutAlias: textWithoutAlias(text) };
}

/** Joins two templates with a separator between them. */
export function joinTemplates(first: Template, separator: string, second: Template): Template {
  const head = first.pieces.slice(0, -1);
  const middle = `${first.pieces.at(-1) ?? ''}${separator}${second.pieces[0] ?? ''}`;
  return {
    pieces: [...head, middle, ...second.pieces.slice(1)],
    withoutAlias: `${first.withoutAlias}${separator}${second.withoutAlias}`,
  };
}

/** Renders a template for a survivor; a null or blank alias uses the alias-free wording. */
export function renderTemplate(template: Template, alias: string | null): string {
  const name = alias?.trim();
  return name ? template.pieces.join(name) : template.withoutAlias;
}
