import { z } from 'zod';
import { ANSWER_TYPES } from '../answers/answer-type.js';
import { isoDurationSchema } from '../definition/duration.js';
import { choiceIdSchema, nodeIdSchema, resultNameSchema } from '../definition/ids.js';
import { localizedTextSchema } from '../text/localized-text.js';
import { templateRefSchema } from '../text/whatsapp-template.js';

/** How many unrecognised answers a question takes before `on_give_up`, unless it says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 3;

const choiceSchema = z.strictObject({
  id: choiceIdSchema.describe('El valor que se guarda y que comparan los branch, p. ej. mas_o_menos.'),
  label: localizedTextSchema.describe('Lo que dice la opción; también puede responder con eso.'),
  synonyms: z.array(z.string()).default([]).describe('Otras respuestas que eligen esta opción (sin importar acentos ni mayúsculas).'),
  next: nodeIdSchema.describe('El nodo al que lleva esta opción.'),
});

/** The strict schema of a `question` node (cross-field rules live in `question-check.ts`). */
export const questionSchema = z.strictObject({
  type: z.literal('question'),
  text: localizedTextSchema.describe('La pregunta, tal como ella la lee.'),
  choices: z.array(choiceSchema).min(1).optional().describe('Respuestas que puede elegir; se prueban antes que cualquier respuesta tipada.'),
  answer: z.enum(ANSWER_TYPES).optional().describe('Una respuesta tipada: text, number, yes_no o datetime.'),
  min: z.number().optional().describe('El número más chico que se acepta (answer: number).'),
  max: z.number().optional().describe('El número más grande que se acepta (answer: number).'),
  next: nodeIdSchema.optional().describe('A dónde lleva una respuesta text, number o datetime.'),
  on_yes: nodeIdSchema.optional().describe('A dónde lleva un sí (answer: yes_no).'),
  on_no: nodeIdSchema.optional().describe('A dónde lleva un no (answer: yes_no).'),
  show_choices: z.boolean().default(false).describe('Lista las opciones numeradas debajo del texto.'),
  template: templateRefSchema.optional().describe('Plantilla de WhatsApp aprobada que se envía en lugar de la pregunta cuando el texto libre no puede llegarle (no en las repreguntas).'),
  reask: localizedTextSchema.optional().describe('Lo que se dice cuando no se entendió su respuesta (si se omite, la pregunta otra vez).'),
  max_attempts: z.int().min(1).max(10).default(DEFAULT_MAX_ATTEMPTS).describe('Respuestas no entendidas antes de ir a on_give_up.'),
  on_give_up: nodeIdSchema.optional().describe('A dónde va el flujo después de max_attempts respuestas no entendidas.'),
  timeout: z
    .strictObject({
      after: isoDurationSchema.describe('Cuánto esperar, en ISO 8601: PT4H, PT30M, P1D.'),
      next: nodeIdSchema.describe('A dónde va el flujo si no responde a tiempo.'),
    })
    .optional()
    .describe('Qué pasa si no responde. Si el plazo vence fuera de su horario seguro, el flujo sigue en su siguiente momento seguro; si una persona atiende el chat, no sigue, y el plazo vuelve a contar completo cuando devuelve la conversación al bot.'),
  save_as: resultNameSchema.optional().describe('Guarda la respuesta como resultado con nombre, para los informes y los branch.'),
});


/** A `question` node as written in a flow file (defaults applied). */
export type QuestionNodeDefinition = z.output<typeof questionSchema>;
