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
    text: localizedTextSchema.describe('What she reads; {{alias}} is her chosen name.'),
    template: templateRefSchema.optional().describe('Approved WhatsApp template sent instead when free text cannot reach her.'),
    next: nodeIdSchema.describe('The node that follows at once.'),
  }),
  waitsForInput: false,
  edges: (node) => [{ target: node.next, path: ['next'] }],
  texts: (node) => [{ text: node.text, path: ['text'] }, ...templateTexts(node.template)],
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
