import type { FlowCheck } from './check.js';
import { staffText } from '../../staff-text.js';

/** The `flow:` id equals the file name without `.yaml`, so sessions find their flow again. */
export const flowIdMatchesFile: FlowCheck = function* ({ definition, options }) {
  const expected = options.expectedFlowId;
  if (expected !== undefined && definition.flow !== expected) {
    yield {
      path: ['flow'],
      at: 'value',
      message: staffText(
        `el id del flujo "${definition.flow}" debe ser igual al nombre del archivo "${expected}"`,
        `flow id "${definition.flow}" must match the file name "${expected}"`,
      ),
      severity: 'error',
    };
  }
};
