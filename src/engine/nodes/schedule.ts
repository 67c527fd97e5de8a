import { z } from 'zod';
import { describeDuration, durationSeconds, isoDurationSchema } from '../definition/duration.js';
import { flowIdSchema, nodeIdSchema, reasonSchema, resultNameSchema } from '../definition/ids.js';
import type { ScheduleCheckinEvent } from '../events.js';
import { defineNodeKind, gotoAlong, type NodeFinding } from './node-kind.js';
import { staffText } from '../staff-text.js';

/** An ISO instant as typed answers save it. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Asks the host to schedule a check-in (event `schedule_checkin`), then goes on to `next`. When:
 * - `at_result`: the instant she chose, saved by an `answer: datetime` question (wins when saved);
 * - else `after`: that long from now (ISO 8601, e.g. `PT3H`);
 * - else neither: her next safe slot.
 * The host always moves it into her safe hours. `flow` is the flow to run then (this one if left out).
 *
 * ```yaml
 * programar:
 *   type: schedule
 *   flow: seguimiento       # optional, this flow if left out
 *   at_result: nueva_hora   # optional
 *   after: PT3H             # optional
 *   reason: mas_tarde
 *   next: despedida
 * ```
 */
export const scheduleNode = defineNodeKind({
  type: 'schedule',
  schema: z.strictObject({
    type: z.literal('schedule'),
    flow: flowIdSchema.optional().describe('El flujo que corre el seguimiento; este mismo si se omite.'),
    at_result: resultNameSchema.optional().describe('Una respuesta datetime que ella dio: el seguimiento es a esa hora.'),
    after: isoDurationSchema.optional().describe('Dentro de cuánto, en ISO 8601 (PT3H, P1D), si at_result no está guardado.'),
    reason: reasonSchema.describe('Por qué, para la agenda y los informes (p. ej. mas_tarde, no_es_buen_momento).'),
    next: nodeIdSchema.describe('El nodo que sigue enseguida.'),
  }),
  waitsForInput: false,
  edges: (node) => [{ target: node.next, path: ['next'] }],
  flowReferences: (node) => (node.flow === undefined ? [] : [{ flow: node.flow, path: ['flow'], use: 'schedule' }]),
  texts: () => [],
  resultsRead: (node) =>
    node.at_result === undefined ? [] : [{ name: node.at_result, path: ['at_result'], compares: [], needsDatetime: true }],
  check(node) {
    const findings: NodeFinding[] = [];
    if (node.after !== undefined && durationSeconds(node.after) < 60) {
      findings.push({ path: ['after'], at: 'value', message: staffText('"after" debe ser de al menos 1 minuto (PT1M)', '"after" must be at least 1 minute (PT1M)') });
    }
    return findings;
  },
  guide: {
    summary:
      "Pide al servicio que agende un seguimiento y sigue a `next`. Cuándo: a la hora que ella eligió (`at_result`, guardada por una pregunta `answer: datetime`); si no, dentro de `after` (ISO 8601, p. ej. `PT3H`); si no hay ninguno, en su siguiente momento seguro. El servicio siempre lo mueve dentro de su horario seguro. `flow` es el flujo que se corre entonces (este mismo si se omite).",
    example: "programar:\n  type: schedule\n  flow: seguimiento\n  at_result: nueva_hora\n  after: PT3H\n  reason: mas_tarde\n  next: despedida",
  },
  summary(node) {
    const when = [
      node.at_result === undefined ? undefined : `a la hora que ella eligió («${node.at_result}»)`,
      node.after === undefined ? undefined : `en ${describeDuration(node.after)}`,
      node.at_result === undefined && node.after === undefined ? 'en su próximo horario seguro' : undefined,
    ].filter((part) => part !== undefined);
    return `Programa ${node.flow === undefined ? 'este flujo' : `«${node.flow}»`} ${when.join(', si no ')} (${node.reason})`;
  },
  compile(id, node) {
    const next = gotoAlong(node.next, ['next']);
    const { at_result: atResult, after, reason } = node;
    return {
      id,
      type: 'schedule',
      enter(step) {
        const flow = node.flow ?? step.flowId;
        const chosen = atResult === undefined ? undefined : step.result(atResult)?.value;
        let event: ScheduleCheckinEvent = { type: 'schedule_checkin', node: id, flow, reason };
        if (chosen !== undefined && ISO_INSTANT.test(chosen)) event = { type: 'schedule_checkin', node: id, flow, at: chosen, reason };
        else if (after !== undefined) event = { type: 'schedule_checkin', node: id, flow, after, reason };
        step.emit(event);
        return next;
      },
    };
  },
});

/** A `schedule` node as written in a flow file. */
export type ScheduleNodeDefinition = z.output<typeof scheduleNode.schema>;
