import { kindOf } from '../../nodes/registry.js';
import type { FlowDefinition } from '../schema.js';
import type { FlowCheck } from './check.js';
import { openingNodes } from './opening-nodes.js';

/** A node that could open a conversation without a template, with why it matters. */
export interface OpeningWithoutTemplate {
  readonly flowId: string;
  readonly nodeId: string;
  readonly message: string;
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
        ? 'a handoff cannot carry a template: say it in a message node with a template before the handoff'
        : 'add template: { name: ..., parameters: [...] }';
    return [
      {
        flowId: definition.flow,
        nodeId,
        message: `node "${nodeId}" can open a conversation (it is sent before she has written) but names no template: on the Cloud API free text outside her 24-hour window never reaches her; ${fix}`,
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
