import { kindOf } from '../../nodes/registry.js';
import type { FlowCheck } from './check.js';

/** Runs each node kind's own checks (e.g. a question's duplicate or ambiguous choices). */
export const nodeKindChecks: FlowCheck = function* ({ definition }) {
  for (const [id, node] of Object.entries(definition.nodes)) {
    for (const finding of kindOf(node).check?.(node) ?? []) {
      yield { ...finding, path: ['nodes', id, ...finding.path], severity: finding.severity ?? 'error' };
    }
  }
};
