import { kindOf } from '../../nodes/registry.js';
import { staffText } from '../../staff-text.js';
import type { FlowDefinition } from '../schema.js';
import type { FlowCheck } from './check.js';
import { openingRoots } from './opening-nodes.js';

/**
 * The longest run of messages a flow sends in a row before it waits for her, from any of its
 * {@link openingRoots} (what the service sends when she has not written): the ids of the sending
 * nodes, in order. Branches count their longest path.
 *
 * @example
 * longestOpening(seguimiento) // ['momento']: greeting and safety question are one message
 */
export function longestOpening(definition: FlowDefinition): string[] {
  // The longest run from each node, computed once (branches that meet again are not walked twice);
  // a node met again on its own path counts nothing more (a loop without a question is refused elsewhere).
  const longestFrom = new Map<string, string[]>();
  const walking = new Set<string>();
  const walk = (id: string): string[] => {
    const known = longestFrom.get(id);
    if (known !== undefined) return known;
    const node = definition.nodes[id];
    if (node === undefined || walking.has(id)) return [];
    walking.add(id);
    const kind = kindOf(node);
    const here = kind.sends?.(node) !== undefined ? [id] : [];
    const longest = kind.waitsForInput
      ? []
      : kind.edges(node).reduce<string[]>((best, edge) => {
          const after = walk(edge.target);
          return after.length > best.length ? after : best;
        }, []);
    walking.delete(id);
    const run = [...here, ...longest];
    longestFrom.set(id, run);
    return run;
  };
  return openingRoots(definition).reduce<string[]>((best, root) => {
    const run = walk(root);
    return run.length > best.length ? run : best;
  }, []);
}

/**
 * With `channel: 'cloud-api'`, warns (never fails) where a flow opens with more than one message:
 * outside her 24-hour window each is a template Meta charges for, and each counts against the
 * number's messages per second, so a two-message opener halves how many check-ins a burst reaches.
 */
export const opensWithOneMessage: FlowCheck = function* ({ definition, options }) {
  if (options.channel !== 'cloud-api') return;
  const opening = longestOpening(definition);
  if (opening.length < 2) return;
  const names = opening.map((id) => `"${id}"`).join(', ');
  yield {
    path: ['nodes', opening[1]!],
    at: 'key',
    message: staffText(
      `la conversación puede abrir con ${opening.length} mensajes seguidos (${names}) antes de esperar su respuesta: en la Cloud API cada uno es una plantilla que Meta cobra y cuenta para el límite de mensajes por segundo del número; si puedes, júntalos en un solo mensaje`,
      `the conversation can open with ${opening.length} messages in a row (${names}) before waiting for her answer: on the Cloud API each is a template Meta charges for and counts against the number's messages per second; join them into one message if you can`,
    ),
    severity: 'warning',
  };
};
