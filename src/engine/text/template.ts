import { EngineError } from '../errors.js';
import type { FieldValue } from '../context.js';
import { splitPlaceholders, textWithoutAlias, type PlaceholderName } from './placeholders.js';

/** A literal piece of text, or a slot filled when rendering. */
export type TemplatePart = string | { readonly name: PlaceholderName };

/**
 * A text prepared once for fast rendering: its parts with her alias, and its parts as it reads
 * without an alias (see `textWithoutAlias`).
 *
 * @example
 * compileTemplate('Hola {{alias}}, soy Ana.')
 * // { withAlias: ['Hola ', { name: 'alias' }, ', soy Ana.'], withoutAlias: ['Hola, soy Ana.'] }
 */
export interface Template {
  readonly withAlias: readonly TemplatePart[];
  readonly withoutAlias: readonly TemplatePart[];
}

/** What fills the slots of a template: her alias and the host's fields (for `{{cita_hora}}`). */
export interface TemplateValues {
  readonly alias: string | null;
  readonly fields?: Readonly<Record<string, FieldValue>> | undefined;
}

/** Prepares a text (already validated for placeholders) for {@link renderTemplate}. */
export function compileTemplate(text: string): Template {
  return { withAlias: splitPlaceholders(text), withoutAlias: splitPlaceholders(textWithoutAlias(text)) };
}

/** Joins two templates with a separator between them. */
export function joinTemplates(first: Template, separator: string, second: Template): Template {
  return {
    withAlias: joinParts(first.withAlias, separator, second.withAlias),
    withoutAlias: joinParts(first.withoutAlias, separator, second.withoutAlias),
  };
}

/**
 * Renders a template; a null or blank alias uses the alias-free wording.
 *
 * @throws EngineError `MISSING_FIELD` when the text uses `{{cita_hora}}` and `fields.cita_hora` is
 *   not a non-empty text.
 */
export function renderTemplate(template: Template, values: TemplateValues): string {
  const alias = values.alias?.trim();
  const parts = alias ? template.withAlias : template.withoutAlias;
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  let text = '';
  for (const part of parts) {
    if (typeof part === 'string') text += part;
    else if (part.name === 'alias') text += alias ?? '';
    else text += fieldText(values, part.name);
  }
  return text;
}

function fieldText(values: TemplateValues, name: PlaceholderName): string {
  const value = values.fields?.[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new EngineError('MISSING_FIELD', `the text uses {{${name}}}: pass fields.${name} as a non-empty text`);
  }
  return value.trim();
}

function joinParts(first: readonly TemplatePart[], separator: string, second: readonly TemplatePart[]): TemplatePart[] {
  const parts: TemplatePart[] = [];
  for (const part of [...first, separator, ...second]) {
    const last = parts.at(-1);
    if (typeof part === 'string' && typeof last === 'string') parts[parts.length - 1] = last + part;
    else if (part !== '') parts.push(part);
  }
  return parts.length === 0 ? [''] : parts;
}
