import { z } from 'zod';
import { fieldNameSchema, nodeIdSchema, resultNameSchema, scalarSchema } from '../definition/ids.js';
import type { FieldValue } from '../context.js';
import { defineNodeKind, gotoAlong, type NodeFinding } from './node-kind.js';
import { scalarLabel } from './scalar-key.js';
import { staffText } from '../staff-text.js';

/** The strict schema of a `set` node (one target, one source: checked in `check`). */
const setSchema = z.strictObject({
  type: z.literal('set'),
  case_field: fieldNameSchema.optional().describe('Guarda en su caso, con este nombre de campo.'),
  result: resultNameSchema.optional().describe('Guarda como resultado con nombre de la conversación.'),
  value: scalarSchema.optional().describe('El valor que se guarda.'),
  from_result: resultNameSchema.optional().describe('Guarda una respuesta anterior en lugar de un valor fijo.'),
  next: nodeIdSchema.describe('El nodo que sigue enseguida.'),
});

/**
 * Stores a value without saying anything, then goes on to `next`. The target is exactly one of:
 * - `case_field`: a field of her case (the host stores it; event `case_field_set`), for the console;
 * - `result`: a named result of the session (event `result_saved`), for reports, like RapidPro's;
 *   reports count its literal `value`, or, with `from_result`, the copied answer's category (its
 *   choice id, `si`/`no`), never her own words.
 * The value is exactly one of `value` (a text, number, true/false; null only for a case field) or
 * `from_result`: an earlier answer (its choice id, or its value for typed answers). When that
 * answer was never given on the path taken, nothing is stored.
 *
 * ```yaml
 * marcar_confirmada:
 *   type: set
 *   case_field: videollamada
 *   value: confirmada
 *   next: gracias
 *
 * guardar_horario:
 *   type: set
 *   case_field: horario_preferido
 *   from_result: nuevo_horario
 *   next: gracias
 * ```
 */
export const setNode = defineNodeKind({
  type: 'set',
  schema: setSchema,
  waitsForInput: false,
  edges: (node) => [{ target: node.next, path: ['next'] }],
  texts: () => [],
  resultsSaved(node) {
    if (node.result === undefined) return [];
    const literal = hasValue(node) && node.value !== null && node.value !== undefined ? [String(node.value)] : undefined;
    return [{ name: node.result, path: ['result'], values: literal, datetime: false }];
  },
  resultsRead: (node) =>
    node.from_result === undefined ? [] : [{ name: node.from_result, path: ['from_result'], compares: [], needsDatetime: false }],
  check(node) {
    const findings: NodeFinding[] = [];
    if ((node.case_field === undefined) === (node.result === undefined)) {
      findings.push({
        path: node.case_field === undefined ? [] : ['result'],
        at: 'key',
        message: staffText('un nodo set guarda en un solo lugar: "case_field" o "result"', 'a set node stores in one place: "case_field" or "result"'),
      });
    }
    if (hasValue(node) === (node.from_result !== undefined)) {
      findings.push({
        path: node.from_result === undefined ? [] : ['from_result'],
        at: 'key',
        message: staffText('un nodo set necesita un solo origen: "value" o "from_result"', 'a set node needs one source: "value" or "from_result"'),
      });
    }
    if (node.result !== undefined && hasValue(node) && node.value === null) {
      const message = staffText('un resultado no puede ser null: usa un texto, un número, true o false', 'a result cannot be null: use a text, a number, true or false');
      findings.push({ path: ['value'], at: 'value', message });
    }
    return findings;
  },
  guide: {
    summary:
      "Guarda un valor sin decir nada y sigue a `next`. Guarda en un solo lugar: `case_field`, un campo de su caso (se conserva entre conversaciones y el personal lo ve), o `result`, un resultado con nombre de la conversación (lo cuentan los informes). El valor es `value` (un texto, un número, true/false; null solo para un campo del caso) o `from_result`, una respuesta anterior; si esa respuesta no se dio en el camino seguido, no se guarda nada.",
    example: "marcar_confirmada:\n  type: set\n  case_field: videollamada\n  value: confirmada\n  next: gracias\n\nacepto:\n  type: set\n  result: acepta_videollamada\n  value: si\n  next: gracias\n\nguardar_horario:\n  type: set\n  case_field: horario_preferido\n  from_result: nuevo_horario\n  next: gracias",
  },
  summary(node) {
    const source = node.from_result !== undefined ? `su respuesta «${node.from_result}»` : scalarLabel(node.value ?? null);
    return node.case_field !== undefined ? `Guarda en el caso: ${node.case_field} = ${source}` : `Guarda el resultado ${node.result ?? ''} = ${source}`;
  },
  compile(id, node) {
    const next = gotoAlong(node.next, ['next']);
    const { case_field: caseField, result, from_result: fromResult } = node;
    const literal: FieldValue = node.value ?? null;
    return {
      id,
      type: 'set',
      enter(step) {
        let value: FieldValue = literal;
        // What reports count: the literal the author wrote, or the copied result's own category.
        let category: string | undefined = String(literal);
        if (fromResult !== undefined) {
          const saved = step.result(fromResult);
          if (saved === undefined) return next;
          value = saved.choice ?? saved.value;
          category = saved.category ?? saved.choice;
        }
        if (caseField !== undefined) {
          step.setField(caseField, value);
          step.emit({ type: 'case_field_set', node: id, name: caseField, value });
        } else if (result !== undefined) {
          const text = String(value);
          const counted = category === undefined ? {} : { category };
          step.saveResult(result, { value: text, ...counted, node: id, at: step.context.now });
          step.emit({ type: 'result_saved', name: result, value: text, ...counted, node: id });
        }
        return next;
      },
    };
  },
});

/** A `set` node as written in a flow file. */
export type SetNodeDefinition = z.output<typeof setSchema>;

/** Whether `value:` is written (`value: null` counts). */
function hasValue(node: SetNodeDefinition): boolean {
  return Object.hasOwn(node, 'value');
}
