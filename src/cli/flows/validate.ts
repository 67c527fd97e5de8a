import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'yaml';
import {
  loadFlowDirectory,
  loadFlowFile,
  loadSettings,
  SETTINGS_FILE_NAME,
  type Diagnostic,
} from '../../engine/index.js';
import { println, type CommandIo } from './io.js';

/** The directory validated when no path is given. */
export const DEFAULT_FLOWS_DIR = 'flows';

const USAGE = `usage: acompana flows validate [--channel cloud-api] [paths...]

Checks flow files (and ${SETTINGS_FILE_NAME}) and prints each problem as file:line:column: message.
With --channel cloud-api, every message that can open a conversation (sent before she has written)
must name an approved WhatsApp template.
A path is a flows directory (every flow and its ${SETTINGS_FILE_NAME}) or one file (a flow, checked
against the ${SETTINGS_FILE_NAME} and flows beside it; or a settings file). Default: ${DEFAULT_FLOWS_DIR}.
Exits 1 when there is any error; warnings alone exit 0.`;

/**
 * `acompana flows validate [paths...]`: validates flow directories and files, printing every
 * diagnostic (errors and warnings) on stdout as `file:line:column: message`, then a summary.
 * A single flow file is checked against the `ajustes.yaml` and the other flows beside it.
 *
 * @returns 0 when nothing is wrong (warnings allowed), 1 on any error, 2 on a usage error.
 * @example
 * await validateCommand(['flows/seguimiento.yaml'], io) // prints "flows/seguimiento.yaml:12:5: ..." and returns 1
 */
export async function validateCommand(args: string[], io: CommandIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    println(io.stdout, USAGE);
    return 0;
  }
  const channelAt = args.indexOf('--channel');
  const channel = channelAt === -1 ? undefined : args[channelAt + 1];
  const cloudApi = channel === 'cloud-api' ? ('cloud-api' as const) : undefined;
  if (channelAt !== -1 && channel !== 'cloud-api') {
    println(io.stderr, `acompana flows validate: --channel takes cloud-api (the only channel with its own rules for flows)\n\n${USAGE}`);
    return 2;
  }
  const rest = channelAt === -1 ? args : args.filter((_, index) => index !== channelAt && index !== channelAt + 1);
  const unknown = rest.find((arg) => arg.startsWith('-'));
  if (unknown !== undefined) {
    println(io.stderr, `acompana flows validate: unknown option ${unknown}\n\n${USAGE}`);
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
  for (const d of diagnostics) println(io.stdout, d.formatted);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const counts = [plural(errors, 'error'), plural(warnings, 'warning')].join(', ');
  println(io.stdout, `${errors === 0 ? 'ok' : 'invalid'}: ${paths.join(' ')}: ${counts}`);
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

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
