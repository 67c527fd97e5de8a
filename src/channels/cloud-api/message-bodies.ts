import type { OutboundTemplate } from '../../app/ports.js';
import type { E164 } from '../../app/phone-number.js';

/**
 * The Graph API body of a text (no link preview: a preview could show more than the text says).
 *
 * @example
 * textBody('+5219981234567', 'Hola') // { recipient_type: 'individual', to: '5219981234567', type: 'text', text: { preview_url: false, body: 'Hola' } }
 */
export function textBody(to: E164, text: string): Record<string, unknown> {
  return { recipient_type: 'individual', to: to.slice(1), type: 'text', text: { preview_url: false, body: text } };
}

/**
 * The Graph API body of an approved template, its parameters filling the body's `{{1}}`, `{{2}}`….
 * `languageCodes` maps the template's language (the language of its text) to the code it was registered
 * in: the table of `engine/templates/template-languages.ts`, completed by the configuration, so the
 * es-MX fallback here only guards a hand-made table.
 *
 * @example
 * templateBody('+5219981234567', { name: 'acompana_saludo', language: 'es-MX', parameters: ['Luz'] }, { 'es-MX': 'es_MX' })
 * // { to: '5219981234567', type: 'template', template: { name: 'acompana_saludo', language: { code: 'es_MX' },
 * //   components: [{ type: 'body', parameters: [{ type: 'text', text: 'Luz' }] }] } }
 */
export function templateBody(to: E164, template: OutboundTemplate, languageCodes: Readonly<Record<string, string>>): Record<string, unknown> {
  const code = languageCodes[template.language] ?? languageCodes['es-MX'] ?? 'es_MX';
  return {
    recipient_type: 'individual',
    to: to.slice(1),
    type: 'template',
    template: {
      name: template.name,
      language: { code },
      ...(template.parameters.length > 0
        ? { components: [{ type: 'body', parameters: template.parameters.map((text) => ({ type: 'text', text })) }] }
        : {}),
    },
  };
}
