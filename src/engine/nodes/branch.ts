import { z } from 'zod';
import { fieldNameSchema, nodeIdSchema, resultNameSchema, scalarSchema } from '../definition/ids.js';
import type { FieldValue } from '../context.js';
import type { Step } from '../step.js';
import { defineNodeKind, gotoAlong, type NodeEdge, type NodeFinding, type Transition } from './node-kind.js';
import { scalarKey, scalarLabel } from './scalar-key.js';
import { schemaError } from '../definition/schema-text.js';
import { staffText } from '../staff-text.js';

const whenSchema = z.union([scalarSchema, z.array(scalarSchema).min(1)], {
  error: schemaError('debe ser un valor, o una lista de valores, con qué comparar', 'must be a value, or a list of values, to compare with'),
});

/**
 * Goes one way or another without saying anything, on exactly one of:
 * - `result`: an earlier answer (a choice's id, a typed answer's value, a `set` value);
 * - `field`: a case or survivor field the host passes in `ctx.fields` (or a `set` earlier in this step);
 * - `safe_hours`: whether now is inside her safe hours (`ctx.insideSafeHours`; unknown counts as
 *   outside, so a flow that checks never writes when in doubt).
 * With `result` or `field`, the first case whose `when` (one value or a list) equals the value wins,
 * ignoring case and accents; `default` is taken otherwise (also when the value is missing, unless a
 * case lists `null`).
 *
 * ```yaml
 * segun_animo:
 *   type: branch
 *   result: como_se_siente
 *   cases:
 *     - { when: mal, next: ofrecer_persona }
 *     - { when: [bien, mas_o_menos], next: necesitas_algo }
 *   default: necesitas_algo
 *
 * con_cita:
 *   type: branch
 *   field: tiene_cita
 *   cases:
 *     - { when: true, next: recordar_cita }
 *   default: cierre
 *
 * horario:
 *   type: branch
 *   safe_hours: { inside: saludo, outside: fuera_de_horario }
 * ```
 */
export const branchNode = defineNodeKind({
  type: 'branch',
  schema: z.strictObject({
    type: z.literal('branch'),
    result: resultNameSchema.optional().describe('Compara una respuesta anterior (el id de la opción o su valor).'),
    field: fieldNameSchema.optional().describe('Compara un campo del caso o de la sobreviviente que pasa el servicio.'),
    safe_hours: z
      .strictObject({
        inside: nodeIdSchema.describe('A dónde ir si ahora está dentro de su horario seguro.'),
        outside: nodeIdSchema.describe('A dónde ir si está fuera, o no se sabe.'),
      })
      .optional()
      .describe('Un camino dentro de su horario seguro y otro fuera de él.'),
    cases: z
      .array(
        z.strictObject({
          when: whenSchema.describe('Un valor, o una lista de valores (sin importar acentos ni mayúsculas).'),
          next: nodeIdSchema.describe('El nodo al que lleva este caso.'),
        }),
      )
      .min(1)
      .optional()
      .describe('Los casos, en orden: gana el primero cuyo when coincide.'),
    default: nodeIdSchema.optional().describe('A dónde ir si ningún caso coincide.'),
  }),
  waitsForInput: false,
  edges(node) {
    const edges: NodeEdge[] = (node.cases ?? []).map((c, index) => ({
      target: c.next,
      path: ['cases', index, 'next'],
      label: `= ${whenValues(c.when).map(scalarLabel).join(' o ')}`,
    }));
    if (node.default !== undefined) edges.push({ target: node.default, path: ['default'], label: 'en otro caso' });
    if (node.safe_hours !== undefined) {
      edges.push({ target: node.safe_hours.inside, path: ['safe_hours', 'inside'], label: 'dentro de su horario seguro' });
      edges.push({ target: node.safe_hours.outside, path: ['safe_hours', 'outside'], label: 'fuera de su horario (o sin dato)' });
    }
    return edges;
  },
  texts: () => [],
  resultsRead(node) {
    if (node.result === undefined) return [];
    const compares = (node.cases ?? []).flatMap((c, index) =>
      whenValues(c.when)
        .filter((value) => value !== null)
        .map((value, at) => ({ value: String(value), path: Array.isArray(c.when) ? ['cases', index, 'when', at] : ['cases', index, 'when'] })),
    );
    return [{ name: node.result, path: ['result'], compares, needsDatetime: false }];
  },
  check(node) {
    const findings: NodeFinding[] = [];
    const subjects = (['result', 'field', 'safe_hours'] as const).filter((key) => node[key] !== undefined);
    if (subjects.length !== 1) {
      findings.push({
        path: subjects.length === 0 ? [] : [subjects[1] ?? ''],
        at: 'key',
        message:
          subjects.length === 0
            ? staffText('un branch necesita uno de "result", "field" o "safe_hours"', 'a branch needs one of "result", "field" or "safe_hours"')
            : staffText(
                `un branch mira una sola cosa: "${subjects[0]}" o "${subjects[1]}", no las dos`,
                `a branch looks at one thing: "${subjects[0]}" or "${subjects[1]}", not both`,
              ),
      });
    }
    if (node.safe_hours !== undefined) {
      for (const key of ['cases', 'default'] as const) {
        if (node[key] === undefined) continue;
        const message = staffText(
          `"${key}" no se usa con "safe_hours" (ese ya dice inside y outside)`,
          `"${key}" is not used with "safe_hours" (it says inside and outside)`,
        );
        findings.push({ path: [key], at: 'key', message });
      }
    } else if (subjects.length > 0) {
      if (node.cases === undefined) {
        const message = staffText('falta el campo obligatorio "cases": los valores con qué comparar', 'missing required field "cases": the values to compare with');
        findings.push({ path: [], at: 'key', message });
      }
      if (node.default === undefined) {
        const message = staffText(
          'falta el campo obligatorio "default": a dónde ir cuando ningún caso coincide',
          'missing required field "default": where to go when no case matches',
        );
        findings.push({ path: [], at: 'key', message });
      }
    }
    return findings;
  },
  guide: {
    summary:
      "Elige un camino sin decir nada, según exactamente una de tres cosas: `result`, una respuesta anterior (el id de una opción, el valor de una respuesta tipada, un valor de `set`); `field`, un campo del caso que pasa el servicio (`tiene_cita`, `hay_opciones`, `con_enlace`) o que guardó un `set`; o `safe_hours`, si ahora está dentro de su horario seguro (si no se sabe, cuenta como fuera: un flujo que pregunta nunca escribe en la duda). Con `result` o `field` gana el primer caso cuyo `when` (un valor o una lista) es igual al valor, sin importar mayúsculas ni acentos; si ninguno coincide, `default`.",
    example: "segun_animo:\n  type: branch\n  result: como_se_siente\n  cases:\n    - { when: mal, next: ofrecer_persona }\n    - { when: [bien, mas_o_menos], next: necesitas_algo }\n  default: necesitas_algo\n\nhorario:\n  type: branch\n  safe_hours: { inside: saludo, outside: fuera_de_horario }",
  },
  summary(node) {
    if (node.safe_hours !== undefined) return '¿Es su horario seguro?';
    return node.result !== undefined ? `Según su respuesta «${node.result}»` : `Según el dato «${node.field ?? ''}»`;
  },
  compile(id, node) {
    if (node.safe_hours !== undefined) {
      const inside = gotoAlong(node.safe_hours.inside, ['safe_hours', 'inside']);
      const outside = gotoAlong(node.safe_hours.outside, ['safe_hours', 'outside']);
      return { id, type: 'branch', enter: (step) => (step.context.insideSafeHours === true ? inside : outside) };
    }
    const cases = (node.cases ?? []).map((c, index) => ({
      keys: new Set(whenValues(c.when).map(scalarKey)),
      target: gotoAlong(c.next, ['cases', index, 'next']),
    }));
    const fallback: Transition = gotoAlong(node.default ?? id, ['default']);
    const subject = subjectReader(node);
    return {
      id,
      type: 'branch',
      enter(step) {
        const key = scalarKey(subject(step));
        for (const c of cases) if (c.keys.has(key)) return c.target;
        return fallback;
      },
    };
  },
});

/** A `branch` node as written in a flow file. */
export type BranchNodeDefinition = z.output<typeof branchNode.schema>;

function whenValues(when: z.output<typeof whenSchema>): FieldValue[] {
  return Array.isArray(when) ? when : [when];
}

function subjectReader(node: BranchNodeDefinition): (step: Step) => FieldValue | undefined {
  const { result, field } = node;
  if (result !== undefined) {
    return (step) => {
      const saved = step.result(result);
      return saved === undefined ? undefined : (saved.choice ?? saved.value);
    };
  }
  return (step) => step.field(field ?? '');
}
