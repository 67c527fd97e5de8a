import { writeFile } from 'node:fs/promises';
import {
  DEFAULT_TEMPLATE_LANGUAGES as DEFAULT_LANGUAGES,
  exportTemplates,
  formatDiagnostic,
  loadFlowDirectory,
  parseTemplateLanguages,
  TEMPLATE_LANGUAGES_PATTERN as LANGUAGES,
} from '../engine/index.js';
import { loadConfig } from '../config/load.js';
import { registeredTemplates, submitTemplate, type RegisteredTemplate, type TemplateRegistryOptions } from '../channels/cloud-api/registered-templates.js';
import { GraphApiError } from '../channels/cloud-api/graph-api.js';
import type { Command, CommandIo } from './records/command-io.js';
import { checkTemplates, type TemplateFinding } from './template-check.js';

/** The line of `acompana templates export` in the CLI's usage. */
export const TEMPLATES_USAGE = `templates export [--dir flows] [--languages ${DEFAULT_LANGUAGES}] [--out FILE]
                 every WhatsApp template the flows use, as Meta's message-template creation bodies (one JSON array)
  templates check [--dir flows] [--languages ${DEFAULT_LANGUAGES}]
                 whether Meta has each of them approved, as Utility, with the text the flows send
                 (reads CLOUD_API_WABA_ID, CLOUD_API_TOKEN, CLOUD_API_BASE_URL)
  templates register [--dir flows] [--languages ${DEFAULT_LANGUAGES}]
                 sends Meta, for review, each of them the account does not have yet (same variables)`;

/** {@link TEMPLATES_USAGE} for staff, in Spanish. */
export const TEMPLATES_USAGE_ES = `templates export [--dir flows] [--languages ${DEFAULT_LANGUAGES}] [--out ARCHIVO]
                 cada plantilla de WhatsApp que usan los flujos, como cuerpos de creación de plantillas de Meta (un arreglo JSON)
  templates check [--dir flows] [--languages ${DEFAULT_LANGUAGES}]
                 si Meta tiene cada una aprobada, como Utilidad y con el texto que envían los flujos
                 (lee CLOUD_API_WABA_ID, CLOUD_API_TOKEN, CLOUD_API_BASE_URL)
  templates register [--dir flows] [--languages ${DEFAULT_LANGUAGES}]
                 manda a revisión de Meta cada una que la cuenta todavía no tiene (mismas variables)`;

/**
 * `acompana templates check` compares them with the account's templates at Meta (see
 * `checkAgainstMeta`): what to do before a deployment goes to the Cloud API, and after Meta reviews.
 * `acompana templates register` sends Meta those the account lacks (see `registerAtMeta`).
 *
 * `acompana templates export`: writes every WhatsApp template the flows name as a JSON array of
 * bodies for Meta's message-template creation API (name, language, category UTILITY, a BODY with
 * `{{1}}` examples), derived from the texts the flows send. The flows are validated for the Cloud API
 * first; nothing is written when they are invalid or two nodes give one template different texts.
 * To standard output, or to `--out FILE`; which nodes use each template goes to standard error.
 *
 * @returns 0 written, 1 invalid flows, 2 usage error.
 * @example
 * acompana templates export --out templates.json
 */
export const templatesCommand: Command = async (args, io) => {
  const [sub, ...rest] = args;
  const spanish = io.lang !== 'en';
  const usage = spanish ? `uso: acompana ${TEMPLATES_USAGE_ES}\n` : `usage: acompana ${TEMPLATES_USAGE}\n`;
  if (sub !== 'export' && sub !== 'check' && sub !== 'register') {
    io.stderr.write(usage);
    return sub === undefined || sub === '--help' ? 0 : 2;
  }
  const options: Record<string, string> = { dir: 'flows', languages: DEFAULT_LANGUAGES };
  const allowed = sub === 'export' ? ['dir', 'languages', 'out'] : ['dir', 'languages'];
  for (let index = 0; index < rest.length; index += 2) {
    const key = rest[index]?.replace(/^--/, '');
    const value = rest[index + 1];
    if (!key || !allowed.includes(key) || value === undefined || !rest[index]!.startsWith('--')) {
      io.stderr.write(`acompana templates ${sub}: ${spanish ? 'opción desconocida o incompleta' : 'unknown or incomplete option'} ${rest[index] ?? ''}\n${usage}`);
      return 2;
    }
    options[key] = value;
  }
  if (!LANGUAGES.test(options['languages']!)) {
    io.stderr.write(`acompana templates ${sub}: --languages ${spanish ? 'debe ser pares idioma:código como' : 'must be language:code pairs such as'} ${DEFAULT_LANGUAGES}\n`);
    return 2;
  }
  const codes = parseTemplateLanguages(options['languages']!);
  const loaded = await loadFlowDirectory(options['dir']!, { channel: 'cloud-api' });
  if (!loaded.ok) {
    for (const d of loaded.diagnostics) io.stderr.write(`${formatDiagnostic(d, spanish ? 'es' : 'en')}\n`);
    io.stderr.write(spanish ? 'los flujos tienen errores: no se exportó nada\n' : 'the flows are invalid: nothing exported\n');
    return 1;
  }
  const result = exportTemplates(
    loaded.flows.map((flow) => flow.definition),
    codes,
  );
  if (result.problems.length > 0) {
    for (const problem of result.problems) io.stderr.write(`${spanish ? problem.es : problem.en}\n`);
    return 1;
  }
  if (sub === 'check') return checkAgainstMeta(result.templates.map((template) => template.body), io);
  if (sub === 'register') return registerAtMeta(result.templates.map((template) => template.body), io);
  const json = `${JSON.stringify(
    result.templates.map((template) => template.body),
    null,
    2,
  )}\n`;
  if (options['out'] !== undefined) await writeFile(options['out'], json, 'utf8');
  else io.stdout.write(json);
  for (const template of result.templates) {
    io.stderr.write(`${template.body.name} (${template.body.language}): ${template.usedBy.map((use) => `${use.flowId}/${use.nodeId}`).join(', ')}\n`);
  }
  return 0;
};

/** Each finding as the operator reads it, in Spanish or English. */
function findingText(finding: TemplateFinding, spanish: boolean): string {
  const id = `${finding.name} (${finding.language})`;
  switch (finding.problem) {
    case 'missing':
      return spanish
        ? `${id}: no está registrada: mándala a revisión con acompana templates register y espera a que Meta la apruebe`
        : `${id}: not registered: send it for review with acompana templates register and wait for Meta to approve it`;
    case 'status':
      return spanish
        ? `${id}: Meta la tiene como ${finding.status}, no aprobada: sin ella, fuera de las 24 horas no se le puede escribir`
        : `${id}: Meta has it as ${finding.status}, not approved: without it she cannot be written to outside the 24 hours`;
    case 'category':
      return spanish
        ? `${id}: Meta la clasificó como ${finding.category}, no como Utilidad: cambia el texto en el flujo y regístrala con otro nombre`
        : `${id}: Meta classed it as ${finding.category}, not Utility: change the text in the flow and register it under another name`;
    case 'text':
      return spanish
        ? `${id}: el texto registrado no es el que envían los flujos: regístrala de nuevo con otro nombre`
        : `${id}: the registered text is not the one the flows send: register it again under another name`;
  }
}

/**
 * `acompana templates check`: reads the account's templates from the Graph API and reports, one line
 * each, those of the flows that are fine and what is wrong with the others.
 *
 * @returns 0 every template approved, Utility and the same text; 1 a finding; 2 no account, token or
 *   answer.
 */
async function checkAgainstMeta(expected: Parameters<typeof checkTemplates>[0], io: CommandIo): Promise<number> {
  const spanish = io.lang !== 'en';
  const account = await readAccount(io, 'check');
  if (typeof account === 'number') return account;
  const { fine, findings } = checkTemplates(expected, account.registered);
  for (const template of fine) io.stdout.write(`${template.name} (${template.language}): ${spanish ? 'aprobada' : 'approved'}\n`);
  for (const finding of findings) io.stdout.write(`${findingText(finding, spanish)}\n`);
  return findings.length === 0 ? 0 : 1;
}


/**
 * The account's templates as Meta holds them, with the settings that read them; or, having said why in
 * the operator's language, exit code 2 (no account or token configured, Meta refused or did not answer).
 */
async function readAccount(io: CommandIo, sub: 'check' | 'register'): Promise<{ options: TemplateRegistryOptions; registered: RegisteredTemplate[] } | 2> {
  const spanish = io.lang !== 'en';
  const config = loadConfig(io.env ?? process.env);
  if (!config.CLOUD_API_WABA_ID || !config.CLOUD_API_TOKEN) {
    io.stderr.write(
      spanish
        ? `acompana templates ${sub}: faltan CLOUD_API_WABA_ID y CLOUD_API_TOKEN (el de la cuenta de WhatsApp Business, con whatsapp_business_management)\n`
        : `acompana templates ${sub}: CLOUD_API_WABA_ID and CLOUD_API_TOKEN are needed (the WhatsApp Business Account's, with whatsapp_business_management)\n`,
    );
    return 2;
  }
  const options = { baseUrl: config.CLOUD_API_BASE_URL, wabaId: config.CLOUD_API_WABA_ID, token: config.CLOUD_API_TOKEN, timeoutMs: config.CLOUD_API_TIMEOUT_MS };
  try {
    return { options, registered: await registeredTemplates(options) };
  } catch (error) {
    if (!(error instanceof GraphApiError)) throw error;
    const why = error.status === 0 ? (spanish ? 'no respondió' : 'did not answer') : `${error.status}${error.detail.code === undefined ? '' : ` (${error.detail.code})`}`;
    io.stderr.write(
      spanish
        ? `acompana templates ${sub}: la Graph API ${error.status === 0 ? why : `respondió ${why}`}: revisa CLOUD_API_WABA_ID y el token\n`
        : `acompana templates ${sub}: the Graph API ${error.status === 0 ? why : `answered ${why}`}: check CLOUD_API_WABA_ID and the token\n`,
    );
    return 2;
  }
}

/**
 * `acompana templates register`: sends Meta, for review, each template of the flows the account does
 * not hold in that language (the creation bodies `templates export` writes), one line each: sent
 * (Meta's status, and a warning when Meta classed it otherwise than Utility), already there, or Meta's
 * refusal in its own words. Templates already registered are never sent again: a wrong text or
 * category needs a new name, which the flows give.
 *
 * @returns 0 nothing refused; 1 Meta refused one (the others were still sent); 2 no account, token or
 *   answer.
 */
async function registerAtMeta(expected: Parameters<typeof checkTemplates>[0], io: CommandIo): Promise<number> {
  const spanish = io.lang !== 'en';
  const account = await readAccount(io, 'register');
  if (typeof account === 'number') return account;
  let refused = 0;
  for (const template of expected) {
    const id = `${template.name} (${template.language})`;
    const held = account.registered.find((r) => r.name === template.name && r.language === template.language);
    if (held) {
      io.stdout.write(spanish ? `${id}: ya está registrada (${held.status}); no se envía de nuevo\n` : `${id}: already registered (${held.status}); not sent again\n`);
      continue;
    }
    try {
      const sent = await submitTemplate(account.options, template);
      const otherCategory = sent.category && sent.category !== template.category;
      io.stdout.write(
        spanish
          ? `${id}: enviada a revisión de Meta (${sent.status})${otherCategory ? `; Meta la clasificó como ${sent.category}, no como Utilidad: cambia el texto en el flujo y regístrala con otro nombre` : ''}\n`
          : `${id}: sent for Meta's review (${sent.status})${otherCategory ? `; Meta classed it as ${sent.category}, not Utility: change the text in the flow and register it under another name` : ''}\n`,
      );
    } catch (error) {
      if (!(error instanceof GraphApiError)) throw error;
      refused += 1;
      const words = error.detail.message ?? (error.status === 0 ? (spanish ? 'no respondió' : 'no answer') : String(error.status));
      io.stdout.write(spanish ? `${id}: Meta no la aceptó: ${words}\n` : `${id}: Meta did not take it: ${words}\n`);
    }
  }
  io.stdout.write(
    spanish
      ? 'Cuando Meta termine de revisarlas, corre acompana templates check.\n'
      : 'Once Meta has reviewed them, run acompana templates check.\n',
  );
  return refused === 0 ? 0 : 1;
}
