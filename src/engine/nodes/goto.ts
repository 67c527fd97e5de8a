import { z } from 'zod';
import { flowIdSchema, nodeIdSchema } from '../definition/ids.js';
import { defineNodeKind, gotoAlong, type Transition } from './node-kind.js';
import { staffText } from '../staff-text.js';

/**
 * Goes on without saying anything: to another `node` of this flow, or into another `flow` (at its
 * start, or at `node` of that flow). Entering another flow happens inside the engine when the host
 * passes its flows to `start`/`resume`; the session then belongs to that flow (event
 * `flow_entered`) and keeps its results. There is no coming back: the other flow ends the session.
 *
 * ```yaml
 * otra_vez:
 *   type: goto
 *   node: momento
 *
 * a_cierre:
 *   type: goto
 *   flow: cierre
 *   node: despedida    # optional with flow: that flow's start if left out
 * ```
 */
export const gotoNode = defineNodeKind({
  type: 'goto',
  schema: z.strictObject({
    type: z.literal('goto'),
    flow: flowIdSchema.optional().describe('Otro flujo al que entrar (su nombre de archivo sin .yaml).'),
    node: nodeIdSchema.optional().describe('Un nodo de este flujo, o del flujo indicado en flow.'),
  }),
  waitsForInput: false,
  edges: (node) => (node.flow === undefined && node.node !== undefined ? [{ target: node.node, path: ['node'] }] : []),
  flowReferences: (node) => (node.flow === undefined ? [] : [{ flow: node.flow, node: node.node, path: ['flow'], use: 'goto' }]),
  texts: () => [],
  check: (node) =>
    node.flow === undefined && node.node === undefined
      ? [
          {
            path: [],
            at: 'key',
            message: staffText(
              'un goto necesita "node" (un nodo de este flujo) o "flow" (otro flujo)',
              'a goto needs "node" (a node of this flow) or "flow" (another flow)',
            ),
          },
        ]
      : [],
  guide: {
    summary:
      "Sigue sin decir nada: a otro nodo (`node`) de este flujo, o a otro flujo (`flow`), en su inicio o en su nodo `node`. Al entrar a otro flujo, la conversación pasa a ser de ese flujo y conserva sus resultados; no se regresa: el otro flujo la termina.",
    example: "otra_vez:\n  type: goto\n  node: momento\n\na_cierre:\n  type: goto\n  flow: cierre\n  node: despedida",
  },
  summary: (node) => (node.flow === undefined ? `Ir a ${node.node ?? ''}` : `Pasa al flujo «${node.flow}»${node.node === undefined ? '' : ` (${node.node})`}`),
  compile(id, node) {
    const transition: Transition =
      node.flow === undefined ? gotoAlong(node.node ?? id, ['node']) : { kind: 'flow', flow: node.flow, node: node.node, edge: 'flow' };
    return { id, type: 'goto', enter: () => transition };
  },
});

/** A `goto` node as written in a flow file. */
export type GotoNodeDefinition = z.output<typeof gotoNode.schema>;
