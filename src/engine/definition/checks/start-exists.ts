import { didYouMean } from '../suggest.js';
import type { FlowCheck } from './check.js';
import { joinStaffText, staffText } from '../../staff-text.js';

/** `start:` names a node of the flow. */
export const startExists: FlowCheck = function* ({ definition }) {
  if (!Object.hasOwn(definition.nodes, definition.start)) {
    yield {
      path: ['start'],
      at: 'value',
      message: joinStaffText(
        staffText(`el nodo de inicio "${definition.start}" no es un nodo de este flujo`, `start node "${definition.start}" is not a node of this flow`),
        didYouMean(definition.start, Object.keys(definition.nodes)),
      ),
      severity: 'error',
    };
  }
};
