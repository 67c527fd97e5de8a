import type { FlowDefinition } from '../definition/schema.js';
import type { Language } from '../language.js';
import { kindOf } from '../nodes/registry.js';
import { renderText, writtenLanguage } from '../text/compiled-text.js';
import { templateAlias } from '../text/template-alias.js';
import { templateBodyOf } from './template-body.js';

/**
 * A WhatsApp template a person can send herself to reopen the conversation: one the flows name whose
 * only parameter, if any, is her alias. Rendered exactly as the flow renders its node.
 *
 * @example
 * const greeting = reopeningTemplates(definitions)[0];
 * greeting.render('es-MX', 'Luz') // { text: 'Hola Luz, soy Ana. 🙂', language: 'es-MX', parameters: ['Luz'] }
 * greeting.render('en', '')       // { text: 'Hola amiga, soy Ana. 🙂', language: 'es-MX', parameters: ['amiga'] } (no English text)
 */
export interface ReopeningTemplate {
  readonly name: string;
  /** The text, the language it is written in (her language, else es-MX) and the template's parameters. */
  render(language: Language, alias: string): { text: string; language: Language; parameters: string[] };
}

/** The templates of the flows a person may send to reopen a conversation, by name, in file order. */
export function reopeningTemplates(definitions: readonly FlowDefinition[]): ReopeningTemplate[] {
  const byName = new Map<string, ReopeningTemplate>();
  for (const definition of definitions) {
    for (const node of Object.values(definition.nodes)) {
      const sent = kindOf(node).sends?.(node);
      if (sent?.template === undefined || byName.has(sent.template.name)) continue;
      const { placeholders } = templateBodyOf(sent, 'es-MX');
      if (placeholders.some((name) => name !== 'alias')) continue;
      byName.set(sent.template.name, {
        name: sent.template.name,
        render(language, alias) {
          const written = writtenLanguage(sent.text, language);
          const inLanguage = templateBodyOf(sent, written).placeholders;
          const named = templateAlias(alias, written);
          return { text: renderText(sent.text, written, named), language: written, parameters: inLanguage.map(() => named) };
        },
      });
    }
  }
  return [...byName.values()];
}
