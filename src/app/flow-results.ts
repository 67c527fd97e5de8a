import type { FlowEvent } from '../engine/index.js';

/**
 * A named result a turn saved, as it is stored for reports: its flow, its name and the category the
 * flow's author wrote. Never her own words: free text, numbers and dates have no category.
 *
 * @example
 * { "flowId": "primer-contacto", "name": "como_se_siente", "category": "mas_o_menos" }
 * { "flowId": "cierre", "name": "algo_mas", "category": null }
 */
export interface SavedResult {
  /** The flow it was saved in (after a `goto`, the flow entered). */
  flowId: string;
  /** A question's `save_as`, or a `set` node's `result`. */
  name: string;
  /** The choice id, `si`/`no`, or a `set` node's literal; `null` when she answered with free text, a number or a date. */
  category: string | null;
}

/**
 * The results a step's events saved, in order, each with the flow it was saved in: `flowId` is the
 * flow the step began in, and a `flow_entered` event (a `goto`) moves the rest into another.
 */
export function savedResults(flowId: string, events: readonly FlowEvent[]): SavedResult[] {
  const results: SavedResult[] = [];
  let current = flowId;
  for (const event of events) {
    if (event.type === 'flow_entered') current = event.flow;
    else if (event.type === 'result_saved') results.push({ flowId: current, name: event.name, category: event.category ?? null });
  }
  return results;
}
