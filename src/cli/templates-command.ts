import { writeFile } from 'node:fs/promises';
import {
  DEFAULT_TEMPLATE_LANGUAGES as DEFAULT_LANGUAGES,
  exportTemplates,
  formatDiagnostic,
  loadFlowDirectory,
  parseTemplateLanguages,
  TEMPLATE_LANGUAGES_PATTERN as LANGUAGES,
} from '../engine/index.js';
import type { Command } from './records/command-io.js';

/** The line of `acompana templates export` in the CLI's usage. */
export const TEMPLATES_USAGE = `templates export [--dir flows] [--languages ${DEFAULT_LANGUAGES}] [--out FILE]
                 every WhatsApp template the flows use, as Meta's message-template creation bodies (one JSON array)`;

/** {@link TEMPLATES_USAGE} for staff, in Spanish. */
export const TEMPLATES_USAGE_ES = `templates export [--dir flows] [--languages ${DEFAULT_LANGUAGES}] [--out ARCHIVO]
                 cada plantilla de WhatsApp que usan los flujos, como cuerpos de creación de plantillas de Meta (un arreglo JSON)`;

/**
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
  if (sub !== 'export') {
    io.stderr.write(usage);
    return sub === undefined || sub === '--help' ? 0 : 2;
  }
  const options: Record<string, string> = { dir: 'flows', languages: DEFAULT_LANGUAGES };
  for (let index = 0; index < rest.length; index += 2) {
    const key = rest[index]?.replace(/^--/, '');
    const value = rest[index + 1];
    if (!key || !['dir', 'languages', 'out'].includes(key) || value === undefined || !rest[index]!.startsWith('--')) {
      io.stderr.write(`acompana templates export: ${spanish ? 'opción desconocida o incompleta' : 'unknown or incomplete option'} ${rest[index] ?? ''}\n${usage}`);
      return 2;
    }
    options[key] = value;
  }
  if (!LANGUAGES.test(options['languages']!)) {
    io.stderr.write(`acompana templates export: --languages ${spanish ? 'debe ser pares idioma:código como' : 'must be language:code pairs such as'} ${DEFAULT_LANGUAGES}\n`);
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
