import type { TemplateCreationBody } from '../engine/index.js';
import type { RegisteredTemplate } from '../channels/cloud-api/registered-templates.js';

/**
 * What is wrong with one template the flows send, as Meta holds it: not registered in its language;
 * registered but not approved (`status`: pending, rejected, paused, disabled); classed otherwise than
 * Utility (`category`: Marketing ones are limited per person and she can stop them); or registered with
 * another text than the flows send (`text`: Meta refuses a send whose parameters do not fit it, or she
 * reads other words than the conversation records).
 */
export type TemplateFinding =
  | { name: string; language: string; problem: 'missing' }
  | { name: string; language: string; problem: 'status'; status: string }
  | { name: string; language: string; problem: 'category'; category: string }
  | { name: string; language: string; problem: 'text' };

/**
 * Compares the templates the flows send (`acompana templates export`) with the account's: every
 * finding, and the templates that are fine (approved, Utility, the same text).
 *
 * @example
 * checkTemplates([{ name: 'ana_saludo', language: 'es_MX', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hola {{1}}' }] }], [])
 * // { fine: [], findings: [{ name: 'ana_saludo', language: 'es_MX', problem: 'missing' }] }
 */
export function checkTemplates(
  expected: readonly TemplateCreationBody[],
  registered: readonly RegisteredTemplate[],
): { fine: { name: string; language: string }[]; findings: TemplateFinding[] } {
  const fine: { name: string; language: string }[] = [];
  const findings: TemplateFinding[] = [];
  for (const template of expected) {
    const id = { name: template.name, language: template.language };
    const held = registered.find((r) => r.name === template.name && r.language === template.language);
    const before = findings.length;
    if (!held) findings.push({ ...id, problem: 'missing' });
    else {
      if (held.status !== 'APPROVED') findings.push({ ...id, problem: 'status', status: held.status });
      if (held.category !== template.category) findings.push({ ...id, problem: 'category', category: held.category });
      if (held.body !== template.components[0].text) findings.push({ ...id, problem: 'text' });
    }
    if (findings.length === before) fine.push(id);
  }
  return { fine, findings };
}
