import { NO_CATEGORY } from '../../result-category.js';
import type { FlowCheck } from './check.js';
import { staffText } from '../../staff-text.js';

/**
 * No choice id of a question, and no literal value a `set` node saves as a result, is
 * {@link NO_CATEGORY}: reports count answers without a category under that word, so the two would
 * be mixed.
 */
export const categoriesNotReserved: FlowCheck = function* ({ definition }) {
  const message = staffText(
    `"${NO_CATEGORY}" es la palabra con la que los informes cuentan las respuestas sin categoría (texto libre, números, fechas): usa otra`,
    `"${NO_CATEGORY}" is how reports count answers without a category (free text, numbers, dates): use another word`,
  );
  for (const [id, node] of Object.entries(definition.nodes)) {
    if (node.type === 'question') {
      for (const [index, choice] of (node.choices ?? []).entries()) {
        if (choice.id === NO_CATEGORY) yield { path: ['nodes', id, 'choices', index, 'id'], at: 'value', message, severity: 'error' };
      }
    } else if (node.type === 'set' && node.result !== undefined && String(node.value) === NO_CATEGORY) {
      yield { path: ['nodes', id, 'value'], at: 'value', message, severity: 'error' };
    }
  }
};
