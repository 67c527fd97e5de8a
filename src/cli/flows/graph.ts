import { flowGraph, formatDiagnostic, loadFlowFile } from '../../engine/index.js';
import { speaker } from '../records/command-io.js';
import { println, type CommandIo } from './io.js';
import { toMermaid } from './mermaid.js';

const USAGE_ES = `uso: acompana flows graph ARCHIVO

Escribe el flujo como diagrama Mermaid (flowchart) para revisarlo: pégalo en un visor de Mermaid o en un
archivo Markdown entre cercos \`\`\`mermaid.`;

const USAGE = `usage: acompana flows graph FILE

Prints the flow as a Mermaid diagram (flowchart) for review: paste it into a Mermaid viewer or a
Markdown file between \`\`\`mermaid fences.`;

/**
 * `acompana flows graph FILE`: prints the flow's Mermaid diagram on stdout. An invalid flow prints
 * its diagnostics on stderr instead.
 *
 * @returns 0 on success, 1 when the flow is invalid, 2 on a usage error.
 */
export async function graphCommand(args: string[], io: CommandIo): Promise<number> {
  const usage = speaker(io)(USAGE_ES, USAGE);
  if (args.includes('--help') || args.includes('-h')) {
    println(io.stdout, usage);
    return 0;
  }
  const [file, ...rest] = args;
  if (file === undefined || rest.length > 0 || file.startsWith('-')) {
    println(io.stderr, usage);
    return 2;
  }
  const result = await loadFlowFile(file);
  if (!result.ok) {
    for (const d of result.diagnostics) println(io.stderr, formatDiagnostic(d, io.lang));
    return 1;
  }
  io.stdout.write(toMermaid(flowGraph(result.flow.definition), `${result.flow.name} (${result.flow.id})`));
  return 0;
}
