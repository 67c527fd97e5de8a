import { z } from 'zod';
import { nodeDefinitionSchema } from '../nodes/registry.js';
import { flowIdSchema, nodeIdSchema } from './ids.js';
import { schemaError } from './schema-text.js';

/**
 * The zod schema of a flow file. Every object is strict: a misspelt field is an error, never
 * silently ignored.
 *
 * ```yaml
 * flow: primer-contacto        # must equal the file name without .yaml
 * name: Primer contacto
 * description: Optional notes for the team.
 * start: saludo
 * nodes:
 *   saludo: { type: message, text: "Hola {{alias}}", next: fin }
 *   fin: { type: end, outcome: completado }
 * ```
 */
export const flowDefinitionSchema = z.strictObject({
  flow: flowIdSchema.describe('El id del flujo: el nombre del archivo sin .yaml.'),
  name: z.string().trim().min(1).describe('Un nombre para las personas, p. ej. Seguimiento periódico.'),
  description: z.string().optional().describe('Notas para el equipo.'),
  start: nodeIdSchema.describe('El nodo donde empieza el flujo.'),
  nodes: z
    .record(nodeIdSchema, nodeDefinitionSchema)
    .refine((nodes) => Object.keys(nodes).length > 0, { error: schemaError('un flujo necesita al menos un nodo', 'a flow needs at least one node') })
    .describe('Los nodos por id; cada uno tiene un type: message, question, branch, set, handoff, schedule, goto o end.'),
});

/** A flow file's content after schema validation (defaults applied). */
export type FlowDefinition = z.output<typeof flowDefinitionSchema>;
