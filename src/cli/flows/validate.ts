import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'yaml';
import {
  formatDiagnostic,
  loadFlowDirectory,
  loadFlowFile,
  loadSettings,
  SETTINGS_FILE_NAME,
  type Diagnostic,
} from '../../engine/index.js';
import { speaker } from '../records/command-io.js';
import { println, type CommandIo } from './io.js';

/** The directory validated when no path is given. */
export const DEFAULT_FLOWS_DIR = 'flows';

const USAGE_ES = `uso: acompana flows validate [--channel cloud-api] [rutas...]

Revisa los archivos de flujos (y ${SETTINGS_FILE_NAME}) y escribe cada problema como archivo:línea:columna: mensaje.
Con --channel cloud-api, todo mensaje que puede abrir una conversación (el que se envía antes de que ella
escriba) debe nombrar una plantilla de WhatsApp aprobada.
Una ruta es una carpeta de flujos (todos sus flujos y su ${SETTINGS_FILE_NAME}) o un archivo (un flujo, revisado
con el ${SETTINGS_FILE_NAME} y los flujos a su lado; o un archivo de ajustes). Si no se da ninguna: ${DEFAULT_FLOWS_DIR}.
Sale con 1 si hay algún error; solo avisos, sale con 0.`;

const USAGE = `usage: acompana flows validate [--channel cloud-api] [paths...]

Checks flow files (and ${SETTINGS_FILE_NAME}) and prints each problem as file:line:column: message.
With --channel cloud-api, every message that can open a conversation (sent before she has written)
must name an approved WhatsApp template.
A path is a flows directory (every flow and its ${SETTINGS_FILE_NAME}) or one file (a flow, checked
against the ${SETTINGS_FILE_NAME} and flows beside it; or a settings file). Default: ${DEFAULT_FLOWS_DIR}.
Exits 1 when there is any error; warnings alone exit 0.`;

/**
 * `acompana flows validate [paths...]`: validates flow directories and files, printing every
 * diagnostic (errors and warnings) on stdout as `file:line:column: message` in the command's
 * language (Mexican Spanish unless `--lang en`), then a summary.
 * A single flow file is checked against the `ajustes.yaml` and the other flows beside it.
 *
 * @returns 0 when nothing is wrong (warnings allowed), 1 on any error, 2 on a usage error.
 * @example
 * await validateCommand(['flows/seguimiento.yaml'], io) // prints "flows/seguimiento.yaml:12:5: ..." and returns 1
 */
export async function validateCommand(args: string[], io: CommandIo): Promise<number> {
  const say = speaker(io);
  const usage = say(USAGE_ES, USAGE);
  if (args.includes('--help') || args.includes('-h')) {
    println(io.stdout, usage);
    return 0;
  }
  const channelAt = args.indexOf('--channel');
  const channel = channelAt === -1 ? undefined : args[channelAt + 1];
  const cloudApi = channel === 'cloud-api' ? ('cloud-api' as const) : undefined;
  if (channelAt !== -1 && channel !== 'cloud-api') {
    println(
      io.stderr,
      `${say('acompana flows validate: --channel solo acepta cloud-api (el único canal con reglas propias para los flujos)', 'acompana flows validate: --channel takes cloud-api (the only channel with its own rules for flows)')}\n\n${usage}`,
    );
    return 2;
  }
  const rest = channelAt === -1 ? args : args.filter((_, index) => index !== channelAt && index !== channelAt + 1);
  const unknown = rest.find((arg) => arg.startsWith('-'));
  if (unknown !== undefined) {
    println(io.stderr, `${say(`acompana flows validate: no existe la opción ${unknown}`, `acompana flows validate: unknown option ${unknown}`)}\n\n${usage}`);
    return 2;
  }
  const paths = rest.length === 0 ? [DEFAULT_FLOWS_DIR] : rest;
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const path of paths) {
    for (const d of await validatePath(path, cloudApi)) {
      if (seen.has(d.formatted)) continue;
      seen.add(d.formatted);
      diagnostics.push(d);
    }
  }
  for (const d of diagnostics) println(io.stdout, formatDiagnostic(d, io.lang));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const counts = say(`${plural(errors, 'error', 'errores')}, ${plural(warnings, 'aviso', 'avisos')}`, `${plural(errors, 'error', 'errors')}, ${plural(warnings, 'warning', 'warnings')}`);
  println(io.stdout, `${errors === 0 ? 'ok' : say('con errores', 'invalid')}: ${paths.join(' ')}: ${counts}`);
  return errors === 0 ? 0 : 1;
}

async function validatePath(path: string, channel: 'cloud-api' | undefined): Promise<readonly Diagnostic[]> {
  const isDirectory = await stat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (isDirectory) return (await loadFlowDirectory(path, { channel })).diagnostics;
  const result = (await isSettingsFile(path)) ? await loadSettings(path) : await loadFlowFile(path, { channel });
  return result.diagnostics;
}

/** `ajustes.yaml`, or a file with settings fields and neither `flow` nor `nodes`. */
async function isSettingsFile(path: string): Promise<boolean> {
  if (basename(path) === SETTINGS_FILE_NAME) return true;
  let data: unknown;
  try {
    data = parse(await readFile(path, 'utf8'), { logLevel: 'silent' });
  } catch {
    return false;
  }
  if (typeof data !== 'object' || data === null) return false;
  const keys = Object.keys(data);
  return !keys.includes('flow') && !keys.includes('nodes') && keys.some((key) => SETTINGS_KEYS.includes(key));
}

const SETTINGS_KEYS = ['opt_out', 'emergency', 'code_word', 'deny_words'];

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
