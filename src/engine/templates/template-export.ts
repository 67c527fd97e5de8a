import type { FlowDefinition } from '../definition/schema.js';
import { kindOf } from '../nodes/registry.js';
import type { LocalizedText } from '../text/localized-text.js';
import type { PlaceholderName } from '../text/placeholders.js';
import { languagesOf, templateBodyOf } from './template-body.js';
import { staffText, type StaffText } from '../staff-text.js';

/** Example values Meta's reviewers see for each placeholder: as ordinary as the texts themselves. */
const EXAMPLES: Readonly<Record<PlaceholderName, string>> = {
  alias: 'Luz',
  cita_hora: 'el jueves 12 de junio a las 10:00',
  cita_enlace: 'https://meet.example.org/f3k9q2x7m1',
  cita_opciones: '1) mañana a las 10:00',
  atencion_hora: 'mañana a las 9:00',
};

/**
 * One template as the body of Meta's message-template creation request
 * (`POST /<WABA-ID>/message_templates`), also what WhatsApp Manager asks for.
 *
 * @example
 * { "name": "saludo_seguimiento", "language": "es_MX", "category": "UTILITY",
 *   "components": [{ "type": "BODY", "text": "Hola {{1}}, soy Ana. 🙂", "example": { "body_text": [["Luz"]] } }] }
 */
export interface TemplateCreationBody {
  name: string;
  language: string;
  category: 'UTILITY';
  components: [{ type: 'BODY'; text: string; example?: { body_text: string[][] } }];
}

/** Where a template is used, for the operator and for error messages. */
export interface TemplateUse {
  flowId: string;
  nodeId: string;
}

/** What {@link exportTemplates} found: the bodies to register, and conflicts that stop an export. */
export interface TemplateExport {
  templates: { body: TemplateCreationBody; usedBy: TemplateUse[] }[];
  /** Sentences in both languages staff read, e.g. two nodes naming one template with different texts. */
  problems: StaffText[];
}

/**
 * Every WhatsApp template the flows name, with the body each node's text gives it (placeholders
 * numbered `{{1}}`, `{{2}}`… in order, with example values), in every language the text is written
 * in, under the template language code `languageCodes` maps it to. A template named by several
 * nodes must have the same text in each; a language mapped to a code already exported for that
 * template (yua sent as es_MX) adds nothing.
 *
 * @example
 * exportTemplates(definitions, { 'es-MX': 'es_MX', en: 'en_US', yua: 'es_MX' })
 */
export function exportTemplates(definitions: readonly FlowDefinition[], languageCodes: Readonly<Record<string, string>>): TemplateExport {
  const byKey = new Map<string, { body: TemplateCreationBody; usedBy: TemplateUse[] }>();
  const problems: StaffText[] = [];
  for (const definition of definitions) {
    for (const [nodeId, node] of Object.entries(definition.nodes)) {
      const sent = kindOf(node).sends?.(node);
      if (sent?.template === undefined || !('text' in node)) continue;
      const name = sent.template.name;
      const use = { flowId: definition.flow, nodeId };
      for (const language of languagesOf(node.text as LocalizedText)) {
        const code = languageCodes[language];
        if (code === undefined) continue;
        const { body, placeholders } = templateBodyOf(sent, language);
        const key = `${name}\u0000${code}`;
        const known = byKey.get(key);
        if (known) {
          if (known.body.components[0].text !== body) {
            if (language === 'es-MX' || languageCodes['es-MX'] !== code) {
              const first = known.usedBy[0]!;
              const places = [`${first.flowId}/${first.nodeId}`, `${definition.flow}/${nodeId}`];
              problems.push(
                staffText(
                  `la plantilla ${name} (${code}) tiene textos distintos en ${places[0]} y en ${places[1]}: dale otro nombre a una de ellas`,
                  `template ${name} (${code}) has different texts in ${places[0]} and ${places[1]}: give one of them another name`,
                ),
              );
            }
            continue;
          }
          if (!known.usedBy.some((u) => u.flowId === use.flowId && u.nodeId === use.nodeId)) known.usedBy.push(use);
          continue;
        }
        const component: TemplateCreationBody['components'][0] = { type: 'BODY', text: body };
        if (placeholders.length > 0) component.example = { body_text: [placeholders.map((placeholder) => EXAMPLES[placeholder])] };
        byKey.set(key, { body: { name, language: code, category: 'UTILITY', components: [component] }, usedBy: [use] });
      }
    }
  }
  const templates = [...byKey.values()].sort((a, b) => a.body.name.localeCompare(b.body.name) || a.body.language.localeCompare(b.body.language));
  return { templates, problems };
}
