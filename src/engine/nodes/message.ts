import { z } from 'zod';
import { nodeIdSchema } from '../definition/ids.js';
import { compileText } from '../text/compiled-text.js';
import { firstText, localizedTextSchema } from '../text/localized-text.js';
import { compileTemplateRef, templateRefSchema, templateTexts } from '../text/whatsapp-template.js';
import { defineNodeKind, gotoAlong } from './node-kind.js';

/**
 * Sends one text, then goes straight on to `next`. The text may use `{{alias}}` (her chosen name;
 * left out gracefully when she has none) and `{{cita_hora}}` (the offered appointment time, from
 * `ctx.fields.cita_hora`), and carry translations (`es-MX` required, `en`, `yua`).
 *
 * ```yaml
 * saludo:
 *   type: message
 *   text: "Hola {{alias}}, soy Ana. ¿Cómo has estado?"
 *   next: momento
 * ```
 */
export const messageNode = defineNodeKind({
  type: 'message',
  schema: z.strictObject({
    type: z.literal('message'),
    text: localizedTextSchema.describe('Lo que ella lee; {{alias}} es el nombre que eligió.'),
    template: templateRefSchema.optional().describe('Plantilla de WhatsApp aprobada que se envía en su lugar cuando el texto libre no puede llegarle.'),
    next: nodeIdSchema.describe('El nodo que sigue enseguida.'),
  }),
  waitsForInput: false,
  edges: (node) => [{ target: node.next, path: ['next'] }],
  texts: (node) => [{ text: node.text, path: ['text'] }, ...templateTexts(node.template)],
  guide: {
    summary:
      "Envía un texto y sigue enseguida al nodo `next`, sin esperar respuesta. El texto puede usar `{{alias}}` (el nombre que ella eligió; si no tiene, se omite con cuidado) y los demás marcadores permitidos, y llevar traducciones (`es-MX` obligatoria, `en`, `yua`).",
    example: "saludo:\n  type: message\n  text: \"Hola {{alias}}, soy Ana. ¿Cómo has estado?\"\n  next: momento",
  },
  summary: (node) => firstText(node.text),
  sends: (node) => ({ text: compileText(node.text), template: node.template }),
  compile(id, node) {
    const text = compileText(node.text);
    const template = node.template ? compileTemplateRef(node.template) : undefined;
    const next = gotoAlong(node.next, ['next']);
    return {
      id,
      type: 'message',
      enter(step) {
        step.say(id, text, template);
        return next;
      },
    };
  },
});

/** A `message` node as written in a flow file. */
export type MessageNodeDefinition = z.output<typeof messageNode.schema>;
