import { kindOf } from '../../nodes/registry.js';
import { didYouMean } from '../suggest.js';
import type { FlowCheck } from './check.js';
import { joinStaffText, staffText } from '../../staff-text.js';

/** Every `next`, choice `next` and `on_give_up` names a node of the flow. */
export const targetsExist: FlowCheck = function* ({ definition }) {
  const ids = Object.keys(definition.nodes);
  for (const [id, node] of Object.entries(definition.nodes)) {
    for (const edge of kindOf(node).edges(node)) {
      if (Object.hasOwn(definition.nodes, edge.target)) continue;
      const field = String(edge.path.at(-1));
      yield {
        path: ['nodes', id, ...edge.path],
        at: 'value',
        message: joinStaffText(
          staffText(
            `"${field}" apunta a "${edge.target}", que no es un nodo de este flujo`,
            `"${field}" points to "${edge.target}", which is not a node of this flow`,
          ),
          didYouMean(edge.target, ids),
        ),
        severity: 'error',
      };
    }
  }
};
