import type { FlowGraph } from '../../engine/index.js';

/** Characters per line inside a box, so long texts stay readable. */
const LINE_WIDTH = 48;

/** Mermaid shapes by node kind, as [open, close]. */
const SHAPES: Readonly<Record<string, readonly [string, string]>> = {
  message: ['["', '"]'],
  question: ['("', '")'],
  branch: ['{"', '"}'],
  set: ['[["', '"]]'],
  handoff: ['{{"', '"}}'],
  schedule: ['[/"', '"/]'],
  goto: ['>"', '"]'],
  end: ['(["', '"])'],
};

/** Fill colours by node kind, so people see at a glance where she meets a person or the flow ends. */
const CLASSES: Readonly<Record<string, string>> = {
  question: 'fill:#e8f1fb,stroke:#4a7ab5',
  branch: 'fill:#f4f4f4,stroke:#888',
  set: 'fill:#f4f4f4,stroke:#888',
  handoff: 'fill:#fde2e2,stroke:#c0392b',
  schedule: 'fill:#fff5d6,stroke:#b7950b',
  goto: 'fill:#f4f4f4,stroke:#888',
  end: 'fill:#e3f4e1,stroke:#3c8d40',
};

/**
 * A flow as a Mermaid flowchart for clinical staff to review (paste it into any Mermaid viewer, or
 * a Markdown file between ```mermaid fences): one box per node with its text in Spanish, one arrow
 * per way out, labelled with the answer that takes it.
 *
 * @example
 * toMermaid(flowGraph(definition), 'Seguimiento periódico (seguimiento)')
 * // %% Seguimiento periódico (seguimiento)
 * // flowchart TD
 * //   inicio(("Inicio")) --> n_horario
 * //   n_horario{"horario: ¿Es su horario seguro?"}
 * //   n_horario -->|"dentro de su horario seguro"| n_saludo
 * //   ...
 */
export function toMermaid(graph: FlowGraph, title: string): string {
  const lines = [`%% ${title.replace(/\n/g, ' ')}`, 'flowchart TD', `  inicio(("Inicio")) --> ${nodeId(graph.start)}`];
  for (const node of graph.nodes) {
    const [open, close] = SHAPES[node.type] ?? ['["', '"]'];
    lines.push(`  ${nodeId(node.id)}${open}${escape(node.id)}:<br/>${wrap(node.summary)}${close}`);
  }
  for (const edge of graph.edges) {
    const target = edge.flow === undefined ? nodeId(edge.to) : `${otherFlowId(edge.flow)}[["flujo ${escape(edge.flow)}: ${escape(edge.to)}"]]`;
    const arrow = edge.label === undefined ? '-->' : `-->|"${wrap(edge.label)}"|`;
    lines.push(`  ${nodeId(edge.from)} ${arrow} ${target}`);
  }
  for (const [kind, style] of Object.entries(CLASSES)) {
    const ids = graph.nodes.filter((node) => node.type === kind).map((node) => nodeId(node.id));
    if (ids.length === 0) continue;
    lines.push(`  classDef k_${kind} ${style}`, `  class ${ids.join(',')} k_${kind}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A Mermaid-safe id (flow ids may contain "-", and words like "end" are reserved; classes get `k_`). */
function nodeId(id: string): string {
  return `n_${id.replace(/-/g, '_')}`;
}

function otherFlowId(flow: string): string {
  return `flujo_${flow.replace(/-/g, '_')}`;
}

/** The whole text, wrapped at word boundaries with <br/>, so staff review every word. */
function wrap(text: string): string {
  const lines: string[] = [];
  for (const paragraph of text.split(/\n+/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      if (line !== '' && line.length + word.length + 1 > LINE_WIDTH) {
        lines.push(line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    if (line !== '') lines.push(line);
  }
  return lines.map(escape).join('<br/>');
}

/** Text inside a quoted Mermaid label: quotes, angle brackets and braces as entity codes. */
function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\{/g, '#123;').replace(/\}/g, '#125;');
}
