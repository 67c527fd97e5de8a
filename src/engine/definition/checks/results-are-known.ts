import { kindOf } from '../../nodes/registry.js';
import type { SavedResult } from '../../nodes/node-kind.js';
import { scalarKey } from '../../nodes/scalar-key.js';
import { didYouMean } from '../suggest.js';
import type { FlowCheck } from './check.js';
import { joinStaffText, staffText } from '../../staff-text.js';

/**
 * Every result a node reads (a branch's `result`, a set's `from_result`, a schedule's `at_result`)
 * is saved by some node of the flow; a branch compares it only with values it can have (e.g. the
 * choice ids of the question that saves it: a typo would silently fall to `default`); and a
 * schedule's `at_result` is saved by a `datetime` question.
 */
export const resultsAreKnown: FlowCheck = function* ({ definition }) {
  const saved = new Map<string, SavedResult[]>();
  for (const node of Object.values(definition.nodes)) {
    for (const result of kindOf(node).resultsSaved?.(node) ?? []) {
      saved.set(result.name, [...(saved.get(result.name) ?? []), result]);
    }
  }
  for (const [id, node] of Object.entries(definition.nodes)) {
    for (const read of kindOf(node).resultsRead?.(node) ?? []) {
      const savers = saved.get(read.name);
      if (savers === undefined) {
        yield {
          path: ['nodes', id, ...read.path],
          at: 'value',
          message: joinStaffText(
            staffText(`ningún nodo de este flujo guarda un resultado "${read.name}"`, `no node of this flow saves a result "${read.name}"`),
            didYouMean(read.name, saved.keys()),
          ),
          severity: 'error',
        };
        continue;
      }
      if (read.needsDatetime && !savers.some((saver) => saver.datetime)) {
        yield {
          path: ['nodes', id, ...read.path],
          at: 'value',
          message: staffText(
            `"${read.name}" no lo guarda una pregunta "answer: datetime", así que nunca tiene una fecha`,
            `"${read.name}" is not saved by an "answer: datetime" question, so it never holds a date`,
          ),
          severity: 'error',
        };
      }
      if (savers.some((saver) => saver.values === undefined)) continue;
      const possible = [...new Set(savers.flatMap((saver) => saver.values ?? []))];
      const keys = new Set(possible.map(scalarKey));
      for (const compared of read.compares) {
        if (keys.has(scalarKey(compared.value))) continue;
        yield {
          path: ['nodes', id, ...compared.path],
          at: 'value',
          message: joinStaffText(
            staffText(
              `"${compared.value}" nunca es un valor de "${read.name}" (puede ser: ${possible.join(', ')})`,
              `"${compared.value}" is never a value of "${read.name}" (it can be: ${possible.join(', ')})`,
            ),
            didYouMean(compared.value, possible),
          ),
          severity: 'error',
        };
      }
    }
  }
};
