import { kindOf } from '../../nodes/registry.js';
import { staffText, type StaffText } from '../../staff-text.js';
import type { FlowDefinition } from '../schema.js';
import type { FlowCheck } from './check.js';
import { openingNodes } from './opening-nodes.js';

/** A node that could open a conversation without a template, with why it matters. */
export interface OpeningWithoutTemplate {
  readonly flowId: string;
  readonly nodeId: string;
  /** Why it matters and how to fix it, in both languages staff read. */
  readonly message: StaffText;
}

/**
 * The nodes of a flow that could open a conversation (see {@link openingNodes}) and name no
 * WhatsApp template: on the Cloud API, free text outside her 24-hour window is refused (131047),
 * so such a message would never reach her.
 */
export function openingsWithoutTemplate(definition: FlowDefinition): OpeningWithoutTemplate[] {
  return openingNodes(definition).flatMap((nodeId) => {
    const node = definition.nodes[nodeId]!;
    if (kindOf(node).sends?.(node)?.template !== undefined) return [];
    const fix =
      node.type === 'handoff'
        ? staffText(
            'un handoff no puede llevar plantilla: dilo en un nodo message con plantilla antes del handoff',
            'a handoff cannot carry a template: say it in a message node with a template before the handoff',
          )
        : staffText('agrega template: { name: ..., parameters: [...] }', 'add template: { name: ..., parameters: [...] }');
    return [
      {
        flowId: definition.flow,
        nodeId,
        message: staffText(
          `el nodo "${nodeId}" puede abrir una conversación (se envía antes de que ella escriba) pero no nombra ninguna plantilla: en la Cloud API el texto libre fuera de su ventana de 24 horas nunca le llega; ${fix.es}`,
          `node "${nodeId}" can open a conversation (it is sent before she has written) but names no template: on the Cloud API free text outside her 24-hour window never reaches her; ${fix.en}`,
        ),
      },
    ];
  });
}

/** With `channel: 'cloud-api'`, every node that can open a conversation must name an approved template. */
export const opensWithTemplate: FlowCheck = function* ({ definition, options }) {
  if (options.channel !== 'cloud-api') return;
  for (const missing of openingsWithoutTemplate(definition)) {
    yield { path: ['nodes', missing.nodeId], at: 'key', message: missing.message, severity: 'error' };
  }
};
