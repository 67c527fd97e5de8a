import { z } from 'zod';
import { nodeIdSchema } from '../definition/ids.js';
import { compileText } from '../text/compiled-text.js';
import { localizedTextSchema } from '../text/localized-text.js';
import { compileTemplateRef, templateRefSchema, templateTexts } from '../text/whatsapp-template.js';
import { defineNodeKind } from './node-kind.js';

/**
 * Sends one text, then goes straight on to `next`. With `template`, the channel sends that approved
 * WhatsApp template instead when free text cannot reach her (see whatsapp-template.ts).
 *
 * ```yaml
 * saludo:
 *   type: message
 *   text: "Hola {{alias}}, soy Ana. ¿Cómo has estado?"
 *   template: { name: acompana_saludo, parameters: ["{{alias}}"] }   # optional
 *   next: momento
 * ```
 */
export const messageNode = defineNodeKind({
  type: 'message',
  schema: z.strictObject({
    type: z.literal('message'),
    text: localizedTextSchema,
    template: templateRefSchema.optional(),
    next: nodeIdSchema,
  }),
  waitsForInput: false,
  edges: (node) => [{ target: node.next, path: ['next'] }],
  texts: (node) => [{ text: node.text, path: ['text'] }, ...templateTexts(node.template)],
  compile(id, node) {
    const text = compileText(node.text);
    const template = node.template ? compileTemplateRef(node.template) : undefined;
    const next = { kind: 'goto', node: node.next } as const;
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
