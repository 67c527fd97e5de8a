import { z } from 'zod';
import { outcomeSchema, reasonSchema } from '../definition/ids.js';
import { compileText } from '../text/compiled-text.js';
import { firstText, localizedTextSchema } from '../text/localized-text.js';
import { defineNodeKind, type Transition } from './node-kind.js';

/** The outcome a handoff ends the flow with, unless the node names another. */
export const DEFAULT_HANDOFF_OUTCOME = 'handoff';

/** The key of a handoff's text for when nobody is on duty, the one text `{{atencion_hora}}` may go in. */
export const AFTER_HOURS_TEXT_KEY = 'text_after_hours';

/**
 * She needs a person: says `text` if given, emits `handoff { urgency, reason }` and ends the flow
 * (outcome `handoff` unless `outcome` says otherwise). While nobody of the unit is on duty
 * (`ctx.staffOnDuty === false`) it says `text_after_hours` instead, where given: a text that does not
 * promise a person «en un ratito» at three in the morning, and may say when one will write
 * (`{{atencion_hora}}`, "mañana a las 9:00"). The host puts the case in the inbox with that
 * urgency (`urgent`: top of the inbox and a live alert) and keeps the bot silent on the case until a
 * person hands it back.
 *
 * ```yaml
 * pasar_juridica:
 *   type: handoff
 *   urgency: normal             # urgent | normal
 *   reason: juridica            # for the inbox and reports
 *   text: "Va. Hoy te escribe por aquí una persona que sabe de trámites."   # optional
 *   text_after_hours: "Va. Te escribe por aquí una persona que sabe de trámites desde {{atencion_hora}}."   # optional
 *   outcome: pide_juridica      # optional, handoff if left out
 * ```
 */
export const handoffNode = defineNodeKind({
  type: 'handoff',
  schema: z.strictObject({
    type: z.literal('handoff'),
    urgency: z.enum(['urgent', 'normal']).describe('urgent: arriba en la bandeja y aviso en vivo; normal: en la bandeja.'),
    reason: reasonSchema.describe('Por qué, para la bandeja y los informes (p. ej. juridica, psicologica, pide_persona).'),
    text: localizedTextSchema.optional().describe('Lo que se le dice antes de que la atienda una persona.'),
    [AFTER_HOURS_TEXT_KEY]: localizedTextSchema
      .optional()
      .describe('Lo que se le dice en lugar de `text` cuando no hay nadie del personal en horario (STAFF_HOURS); puede decir cuándo le escriben con {{atencion_hora}} ("mañana a las 9:00").'),
    outcome: outcomeSchema.optional().describe('El resultado con que termina el flujo; handoff si se omite.'),
  }),
  waitsForInput: false,
  edges: () => [],
  texts: (node) => [
    ...(node.text === undefined ? [] : [{ text: node.text, path: ['text'] }]),
    ...(node.text_after_hours === undefined ? [] : [{ text: node.text_after_hours, path: [AFTER_HOURS_TEXT_KEY] }]),
  ],
  guide: {
    summary:
      "Ella necesita a una persona: dice `text` si lo hay y termina el flujo (resultado `handoff`, salvo que `outcome` diga otro). El caso pasa a la bandeja del personal con esa urgencia (`urgent`: arriba de todo y con aviso en vivo) y el bot se queda callado en ese caso hasta que una persona se lo devuelva. Fuera del horario del personal (`STAFF_HOURS`) dice `text_after_hours` en lugar de `text`, si lo hay: así no se le promete «en un ratito» de madrugada, y puede decirle cuándo le escriben con `{{atencion_hora}}` («mañana a las 9:00»).",
    example: "pasar_juridica:\n  type: handoff\n  urgency: normal\n  reason: juridica\n  text: \"Va. Hoy te escribe por aquí una persona que sabe de trámites.\"\n  text_after_hours: \"Va. Te escribe por aquí una persona que sabe de trámites desde {{atencion_hora}}.\"\n  outcome: pide_juridica",
  },
  // A handoff's text is plain text: it cannot carry a template.
  sends: (node) => (node.text === undefined ? undefined : { text: compileText(node.text), template: undefined }),
  summary: (node) =>
    `Pasa a una persona (${node.urgency === 'urgent' ? 'urgente' : 'normal'}, ${node.reason})${node.text === undefined ? '' : `: ${firstText(node.text)}`}` +
    (node.text_after_hours === undefined ? '' : ` (fuera de horario: ${firstText(node.text_after_hours)})`),
  compile(id, node) {
    const text = node.text === undefined ? undefined : compileText(node.text);
    const textAfterHours = node.text_after_hours === undefined ? undefined : compileText(node.text_after_hours);
    const end: Transition = { kind: 'end', outcome: node.outcome ?? DEFAULT_HANDOFF_OUTCOME };
    const event = { type: 'handoff', node: id, urgency: node.urgency, reason: node.reason } as const;
    return {
      id,
      type: 'handoff',
      enter(step) {
        const said = step.context.staffOnDuty === false ? (textAfterHours ?? text) : text;
        if (said !== undefined) step.say(id, said);
        step.emit(event);
        return end;
      },
    };
  },
});

/** A `handoff` node as written in a flow file. */
export type HandoffNodeDefinition = z.output<typeof handoffNode.schema>;
