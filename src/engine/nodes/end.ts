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
    outcome: outcomeSchema.describe('Nombra el camino seguido, para los informes (p. ej. completado).'),
  }),
  waitsForInput: false,
  edges: () => [],
  texts: () => [],
  guide: {
    summary:
      "Termina el flujo con un resultado (`outcome`) que nombra el camino seguido, para los informes y para que el servicio actúe.",
    example: "fin:\n  type: end\n  outcome: no_es_buen_momento",
  },
  summary: (node) => `Fin: ${node.outcome}`,
  compile(id, node) {
    const end = { kind: 'end', outcome: node.outcome } as const;
    return { id, type: 'end', enter: () => end };
  },
});

/** An `end` node as written in a flow file. */
export type EndNodeDefinition = z.output<typeof endNode.schema>;
