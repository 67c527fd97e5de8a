import { z } from 'zod';
import { compileText, renderText, type CompiledText } from './compiled-text.js';
import { templateAlias } from './template-alias.js';
import type { TemplateValues } from './template.js';
import { localizedTextSchema, type LocalizedText } from './localized-text.js';
import type { Language } from '../language.js';
import { schemaError } from '../definition/schema-text.js';

/**
 * The approved WhatsApp template a message is sent as when free text cannot reach her (the Cloud
 * API's 24-hour window is closed, as for a check-in's opening message). `name` is the template as
 * registered with Meta; its body is the node's own text with each placeholder numbered (see
 * `templates/template-body.ts` and `acompana templates export`), so `parameters`, which fill its
 * `{{1}}`, `{{2}}`…, must be the text's placeholders in order (checked by `template-matches-text.ts`).
 *
 * ```yaml
 * saludo:
 *   type: message
 *   text: "Hola {{alias}}, soy Ana. ¡Espero que estés muy bien!"
 *   template:
 *     name: acompana_saludo        # body registered as "Hola {{1}}, soy Ana. ¡Espero que estés muy bien!"
 *     parameters: ["{{alias}}"]
 *   next: momento
 * ```
 */
export const templateRefSchema = z
  .strictObject({
    name: z
      .string()
      .regex(
        /^[a-z0-9_]{1,512}$/,
        schemaError(
          'debe ser un nombre de plantilla como se registró con WhatsApp: letras minúsculas, dígitos y _',
          'must be a template name as registered with WhatsApp: lowercase letters, digits and _',
        ),
      )
      .describe('La plantilla tal como se registró con Meta, p. ej. acompana_saludo.'),
    parameters: z
      .array(localizedTextSchema)
      .default([])
      .describe('Los textos de sus {{1}}, {{2}}…, en orden: los marcadores del texto del nodo, p. ej. ["{{alias}}"]; {{alias}} es el nombre que ella eligió.'),
  })
  .describe('La plantilla de WhatsApp aprobada que se envía en su lugar cuando el texto libre no puede llegarle (Cloud API, ventana de 24 horas cerrada).');

/** A `template:` as written in a flow file. */
export type TemplateRef = z.output<typeof templateRefSchema>;

/** A template prepared for rendering. */
export interface CompiledTemplateRef {
  readonly name: string;
  readonly parameters: readonly CompiledText[];
}

/** The template as rendered for one session, ready to travel with its message. */
export interface RenderedTemplate {
  readonly name: string;
  /**
   * The language of the text it was rendered from: her language where the node's text is translated
   * to it, else es-MX (only languages a text is written in are exported as templates). The channel
   * maps it to a registered code (see `templates/template-languages.ts`).
   */
  readonly language: Language;
  readonly parameters: readonly string[];
}

/** Compiles a template's parameters. */
export function compileTemplateRef(ref: TemplateRef): CompiledTemplateRef {
  return { name: ref.name, parameters: ref.parameters.map((parameter: LocalizedText) => compileText(parameter)) };
}

/**
 * Renders a template's parameters in `language`, the language of the text it goes with (see
 * `writtenLanguage`), for her alias (and case fields). A missing or blank alias is sent as the neutral
 * word (see `templateAlias`): never an empty parameter.
 */
export function renderTemplateRef(
  ref: CompiledTemplateRef,
  language: Language,
  alias: string | null,
  fields?: TemplateValues['fields'],
): RenderedTemplate {
  const named = templateAlias(alias, language);
  return { name: ref.name, language, parameters: ref.parameters.map((parameter) => renderText(parameter, language, named, fields)) };
}

/** The texts inside a template, with their paths in the node, for the checks on every text. */
export function templateTexts(ref: TemplateRef | undefined): { text: LocalizedText; path: (string | number)[] }[] {
  return (ref?.parameters ?? []).map((text, index) => ({ text, path: ['template', 'parameters', index] }));
}
