import { kindOf } from '../../nodes/registry.js';
import { templateBodyOf, languagesOf } from '../../templates/template-body.js';
import type { LocalizedText } from '../../text/localized-text.js';
import { isPlaceholderName } from '../../text/placeholders.js';
import type { FlowCheck } from './check.js';
import { staffText } from '../../staff-text.js';

/** Matches a text that is exactly one placeholder, e.g. `{{alias}}`. */
const ONE_PLACEHOLDER = /^\{\{\s*([a-z_]+)\s*\}\}$/;

/**
 * A node's WhatsApp template is its own text, registered with Meta (see `acompana templates
 * export`): its `parameters` must be the text's placeholders, in order, so `{{1}}`, `{{2}}`… are
 * filled with what the free text would say. WhatsApp refuses a body that starts or ends with a
 * parameter, and a parameter with line breaks (so `{{cita_opciones}}`, one option a line, cannot be one).
 */
export const templateMatchesText: FlowCheck = function* ({ definition }) {
  for (const [id, node] of Object.entries(definition.nodes)) {
    const sent = kindOf(node).sends?.(node);
    if (sent?.template === undefined || !('text' in node)) continue;
    const path = ['nodes', id, 'template'];
    for (const language of languagesOf(node.text as LocalizedText)) {
      const { body, placeholders } = templateBodyOf(sent, language);
      const given = sent.template.parameters.map((parameter) => ONE_PLACEHOLDER.exec(versionIn(parameter, language).trim())?.[1] ?? null);
      // An unknown placeholder is reported by the placeholder check already.
      if (given.some((name) => name !== null && !isPlaceholderName(name))) break;
      if (given.length !== placeholders.length || given.some((name, index) => name !== placeholders[index])) {
        const expected = placeholders.map((name) => `"{{${name}}}"`).join(', ');
        yield {
          path: [...path, 'parameters'],
          at: 'key',
          message: staffText(
            `template.parameters deben ser los marcadores del texto (${language}), en orden: [${expected}]`,
            `template.parameters must be the placeholders of the text (${language}), in order: [${expected}]`,
          ),
          severity: 'error',
        };
        break;
      }
      if (placeholders.includes('cita_opciones')) {
        const message = staffText(
          'una plantilla no puede llevar {{cita_opciones}}: WhatsApp rechaza un parámetro con saltos de línea',
          'a template cannot carry {{cita_opciones}}: WhatsApp refuses a parameter with line breaks',
        );
        yield { path, at: 'key', message, severity: 'error' };
        break;
      }
      const trimmed = body.trim();
      if (/^\{\{\d+\}\}/.test(trimmed) || /\{\{\d+\}\}$/.test(trimmed)) {
        yield {
          path,
          at: 'key',
          message: staffText(
            `el texto (${language}) empieza o termina con un marcador: WhatsApp rechaza el cuerpo de una plantilla así; agrega palabras antes o después`,
            `the text (${language}) starts or ends with a placeholder: WhatsApp refuses a template body that does; add words before or after it`,
          ),
          severity: 'error',
        };
        break;
      }
    }
  }
};

function versionIn(text: LocalizedText, language: string): string {
  if (typeof text === 'string') return text;
  return (text as Record<string, string | undefined>)[language] ?? text['es-MX'];
}
