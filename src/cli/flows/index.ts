import { graphCommand } from './graph.js';
import { speaker } from '../records/command-io.js';
import { println, type CommandIo, type FlowsSubcommand } from './io.js';
import { schemaCommand } from './schema.js';
import { tryCommand } from './try.js';
import { validateCommand } from './validate.js';

export type { CommandIo } from './io.js';

const SUBCOMMANDS: Readonly<Record<string, FlowsSubcommand>> = {
  validate: validateCommand,
  try: tryCommand,
  graph: graphCommand,
  schema: schemaCommand,
};

const USAGE_ES = `uso: acompana flows <comando> [--lang en]

comandos:
  validate [--channel cloud-api] [rutas...]
                        revisa los flujos y ajustes.yaml; escribe archivo:línea:columna: mensaje; sale con 1 si hay errores
  try ARCHIVO [opciones]
                        platica con un flujo en la terminal, con un reloj de prueba (/help adentro)
  graph ARCHIVO         escribe el flujo como diagrama Mermaid para revisarlo
  schema [carpeta]      vuelve a generar flow.schema.json y ajustes.schema.json (carpeta: flows)`;

const USAGE = `usage: acompana flows <command>

commands:
  validate [--channel cloud-api] [paths...]
                        check flow files and ajustes.yaml; prints file:line:column: message, exits 1 on errors
  try FILE [options]    talk to a flow in the terminal, with a fake clock (/help inside)
  graph FILE            print the flow as a Mermaid diagram for review
  schema [dir]          regenerate flow.schema.json and ajustes.schema.json (default dir: flows)`;

/**
 * `acompana flows ...`: the flow tools for the people who write and review flows. The CLI entry
 * dispatches `acompana flows <rest>` here.
 *
 * @returns the exit code: 0 success, 1 invalid flows, 2 usage error.
 * @example
 * if (command === 'flows') return runFlowsCommand(rest, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
 */
export async function runFlowsCommand(args: string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = args;
  const subcommand = name === undefined ? undefined : SUBCOMMANDS[name];
  if (subcommand !== undefined) return subcommand(rest, io);
  const asksHelp = name === undefined || name === '--help' || name === '-h' || name === 'help';
  const say = speaker(io);
  const usage = say(USAGE_ES, USAGE);
  println(asksHelp ? io.stdout : io.stderr, asksHelp ? usage : `${say(`acompana flows: no existe el comando "${name}"`, `acompana flows: unknown command "${name}"`)}\n\n${usage}`);
  return asksHelp ? 0 : 2;
}
