import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import {
  formatDiagnostic,
  LANGUAGES,
  loadFlowDirectory,
  loadFlowFile,
  settingsBeside,
  type CompiledFlow,
  type FieldValue,
  type Language,
} from '../../engine/index.js';
import { speaker } from '../records/command-io.js';
import { println, type CommandIo } from './io.js';
import { FlowTrial, parseFieldValue } from './trial.js';

const USAGE_ES = `uso: acompana flows try ARCHIVO [opciones]

Corre un flujo en la terminal con el motor y las interrupciones del servicio (el ajustes.yaml a su lado)
y un reloj de prueba. Escribe sus mensajes; /help muestra los comandos (/advance 2h, /timeout, /quit, ...).
Los textos de la prueba salen en español; en inglés con acompana --lang en flows try ... (antes de try).

opciones:
  --alias NOMBRE          el nombre que ella eligió (Lupita si se omite); --no-alias para ninguno
  --lang es-MX|en|yua     su idioma (es-MX si se omite)
  --now ISO               cuándo empieza el reloj (si se omite: ahora)
  --outside-safe-hours    empieza fuera de su horario seguro
  --field nombre=valor    un campo del caso, p. ej. --field "cita_hora=el jueves a las 10:00" (se puede repetir)
  --code-word PALABRA     su palabra clave para esta prueba`;

const USAGE = `usage: acompana flows try FILE [options]

Runs a flow in the terminal with the service's engine and interrupts (the ajustes.yaml beside it)
and a fake clock. Type her messages; /help lists the commands (/advance 2h, /timeout, /quit, ...).
The trial's own lines are in Spanish; in English with acompana --lang en flows try ... (before try).

options:
  --alias NAME            her chosen name (default Lupita); --no-alias for none
  --lang es-MX|en|yua     her language (default es-MX)
  --now ISO               the clock's start (default: now)
  --outside-safe-hours    start outside her safe hours
  --field name=value      a case field, e.g. --field "cita_hora=el jueves a las 10:00" (repeatable)
  --code-word WORD        her code word for this trial`;

/**
 * `acompana flows try FILE`: runs a flow interactively, reading her messages and commands line by
 * line from stdin (a fake clock moves with `/advance` and `/timeout`), printing what the bot sends
 * and every event. Other flows of the same directory are available to `goto`. Its own lines are in
 * the command's language (`io.lang`, from a `--lang` before `try`); `--lang` after `try` is hers.
 *
 * @returns 0 at the end of input or `/quit`, 1 when the flow is invalid, 2 on a usage error.
 * @example
 * printf '1\n/timeout\n' | acompana flows try flows/seguimiento.yaml --now 2025-06-02T16:00:00Z
 */
export async function tryCommand(args: string[], io: CommandIo): Promise<number> {
  const say = speaker(io);
  const usage = say(USAGE_ES, USAGE);
  let parsed: ReturnType<typeof parseTryArgs>;
  try {
    parsed = parseTryArgs(args, say);
  } catch (error) {
    println(io.stderr, `acompana flows try: ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (parsed === 'help') {
    println(io.stdout, usage);
    return 0;
  }
  const loaded = await loadFlowFile(parsed.file);
  if (!loaded.ok) {
    for (const d of loaded.diagnostics) println(io.stderr, formatDiagnostic(d, io.lang));
    return 1;
  }
  const directory = await loadFlowDirectory(dirname(parsed.file));
  const flows = new Map<string, CompiledFlow>(directory.ok ? directory.flows.map((flow) => [flow.id, flow]) : []);
  flows.set(loaded.flow.id, loaded.flow);
  const settings = directory.ok ? directory.settings : await settingsBeside(dirname(parsed.file));

  const trial = new FlowTrial(loaded.flow, flows, settings, { ...parsed.options, speaks: io.lang });
  const echo = io.stdin.isTTY !== true;
  println(io.stdout, say('Escribe sus mensajes; /help muestra los comandos, /quit sale.', 'Type her messages; /help lists the commands, /quit leaves.'));
  for (const line of trial.begin()) println(io.stdout, line);
  const lines = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) {
    if (echo) println(io.stdout, `> ${line}`);
    for (const out of trial.handle(line)) println(io.stdout, out);
    if (trial.quit) break;
  }
  lines.close();
  return 0;
}

/** The file and trial options, or `help`; throws with a message in the command's language. */
function parseTryArgs(args: string[], say: (es: string, en: string) => string) {
  const parsed = (() => {
    try {
      return parseArgs({
        args,
        allowPositionals: true,
        options: {
          alias: { type: 'string' },
          'no-alias': { type: 'boolean' },
          lang: { type: 'string' },
          now: { type: 'string' },
          'outside-safe-hours': { type: 'boolean' },
          field: { type: 'string', multiple: true },
          'code-word': { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
      });
    } catch (error) {
      // node:util's own wording is English: say what is wrong in the command's language.
      const option = /'(-[^']*)'/.exec((error as Error).message)?.[1] ?? '';
      const spanish = option === '' ? 'una opción no existe o le falta su valor' : `la opción ${option} no existe o le falta su valor`;
      throw new Error(say(spanish, (error as Error).message));
    }
  })();
  const { values, positionals } = parsed;
  if (values.help) return 'help' as const;
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new Error(say('da exactamente un archivo de flujo', 'give exactly one flow file'));
  const language = values.lang ?? 'es-MX';
  if (!(LANGUAGES as readonly string[]).includes(language)) {
    throw new Error(say(`--lang debe ser uno de ${LANGUAGES.join(', ')}`, `--lang must be one of ${LANGUAGES.join(', ')}`));
  }
  if (values.now !== undefined && !DateTime.fromISO(values.now).isValid) {
    throw new Error(say(`--now: "${values.now}" no es un instante ISO`, `--now: "${values.now}" is not an ISO instant`));
  }
  const fields: Record<string, FieldValue> = {};
  for (const field of values.field ?? []) {
    const match = /^([a-z][a-z0-9_]*)=(.*)$/s.exec(field);
    if (match === null) throw new Error(say(`--field "${field}": escribe nombre=valor`, `--field "${field}": write name=value`));
    fields[match[1] ?? ''] = parseFieldValue(match[2] ?? '');
  }
  return {
    file,
    options: {
      language: language as Language,
      alias: values['no-alias'] ? null : (values.alias ?? 'Lupita'),
      now: values.now ?? new Date().toISOString(),
      insideSafeHours: !values['outside-safe-hours'],
      fields,
      codeWord: values['code-word'],
    },
  };
}
