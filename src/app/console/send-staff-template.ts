import { reopeningTemplates, type DenyList, type Language } from '../../engine/index.js';
import type { FlowRegistry } from '../flow-registry.js';
import { ConsoleError } from './errors.js';
import type { StaffIdentity } from './ports.js';
import { sendAsHolder, type SendStaffMessageDeps, type StaffSendOptions } from './send-staff-message.js';
import { aliasForHer } from '../no-alias.js';

/** A template a person may send, with how it reads for this case. */
export interface TemplateOffer {
  name: string;
  /** The text she will read (her alias in it). */
  preview: string;
}

const LANGUAGES = new Set<Language>(['es-MX', 'en', 'yua']);

function languageOf(value: string): Language {
  return LANGUAGES.has(value as Language) ? (value as Language) : 'es-MX';
}

/**
 * The templates a person can send her to reopen the conversation, rendered for her alias (as
 * {@link aliasForHer} lets it greet her) and language.
 */
export function templateOffers(flows: FlowRegistry, her: { alias: string; language: string }, deniedWords: Pick<DenyList, 'find'>): TemplateOffer[] {
  return reopeningTemplates([...flows.values()].map((flow) => flow.definition)).map((template) => ({
    name: template.name,
    preview: template.render(languageOf(her.language), aliasForHer(her.alias, deniedWords) ?? '').text,
  }));
}

/**
 * Sends her one of the flows' approved templates, written by the person who holds the chat: the way
 * to reach her on the Cloud API once 24 hours have passed since her last message (free text would be
 * refused). Recorded like a staff message, with the template marked to be sent as such, and held to
 * her safe hours as one (`outsideHoursConfirmed`).
 *
 * @throws ConsoleError `unknown_template`, and those of a staff message (`not_holder`, `opted_out`,
 *   `outside_safe_hours`, …).
 */
export async function sendStaffTemplate(
  deps: SendStaffMessageDeps & { flows: FlowRegistry },
  staff: StaffIdentity,
  caseId: string,
  templateName: string,
  options: StaffSendOptions = {},
): Promise<{ contactId: string }> {
  const template = reopeningTemplates([...deps.flows.values()].map((flow) => flow.definition)).find((t) => t.name === templateName);
  if (!template) throw new ConsoleError('unknown_template', 'Esa plantilla no existe.');
  return sendAsHolder(deps, staff, caseId, { what: 'template', options }, (facts) => {
    const { text, language, parameters } = template.render(languageOf(facts.language), aliasForHer(facts.alias, deps.interrupts.denyList) ?? '');
    return { text, author: 'staff', staffId: staff.id, sequence: 0, template: { name: template.name, language, parameters, required: true } };
  });
}
