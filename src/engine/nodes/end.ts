import { z } from 'zod';
import { outcomeSchema } from '../definition/ids.js';
import { defineNodeKind } from './node-kind.js';

/**
 * Ends the flow with an outcome naming the path taken (for reports and for the host to act on).
 *
 * ```yaml
 * fin:
 *   type: end
 *   outcome: no_es_buen_momento
 * ```
 */
export const endNode = defineNodeKind({
  type: 'end',
  schema: z.strictObject({
    type: z.literal('end'),
    outcome: outcomeSchema.describe('Names the path taken, for reports (e.g. completado).'),
  }),
  waitsForInput: false,
  edges: () => [],
  texts: () => [],
  summary: (node) => `Fin: ${node.outcome}`,
  compile(id, node) {
    const end = { kind: 'end', outcome: node.outcome } as const;
    return { id, type: 'end', enter: () => end };
  },
});

/** An `end` node as written in a flow file. */
export type EndNodeDefinition = z.output<typeof endNode.schema>;
