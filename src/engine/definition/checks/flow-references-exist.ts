import { kindOf } from '../../nodes/registry.js';
import { didYouMean } from '../suggest.js';
import type { FlowCheck } from './check.js';
import { joinStaffText, staffText } from '../../staff-text.js';

/**
 * A `goto` or `schedule` naming another flow names one of the directory (and a goto's `node`, a
 * node of that flow). Runs only when the other flows are known (directory loads and the CLI).
 */
export const flowReferencesExist: FlowCheck = function* ({ definition, options }) {
  const known = options.knownFlows;
  if (known === undefined) return;
  for (const [id, node] of Object.entries(definition.nodes)) {
    for (const reference of kindOf(node).flowReferences?.(node) ?? []) {
      const nodes = reference.flow === definition.flow ? new Set(Object.keys(definition.nodes)) : known.get(reference.flow);
      if (nodes === undefined) {
        yield {
          path: ['nodes', id, ...reference.path],
          at: 'value',
          message: joinStaffText(
            staffText(`no hay ningún flujo "${reference.flow}" en esta carpeta`, `there is no flow "${reference.flow}" in this directory`),
            didYouMean(reference.flow, known.keys()),
          ),
          severity: 'error',
        };
      } else if (reference.node !== undefined && !nodes.has(reference.node)) {
        yield {
          path: ['nodes', id, ...reference.path.slice(0, -1), 'node'],
          at: 'value',
          message: joinStaffText(
            staffText(`el flujo "${reference.flow}" no tiene ningún nodo "${reference.node}"`, `flow "${reference.flow}" has no node "${reference.node}"`),
            didYouMean(reference.node, nodes),
          ),
          severity: 'error',
        };
      }
    }
  }
};
