import { z } from 'zod';
import { nodeDefinitionSchema } from '../nodes/registry.js';
import { flowIdSchema, nodeIdSchema } from './ids.js';

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
  flow: flowIdSchema.describe('The flow id: the file name without .yaml.'),
  name: z.string().trim().min(1).describe('A name for people, e.g. Seguimiento periódico.'),
  description: z.string().optional().describe('Notes for the team.'),
  start: nodeIdSchema.describe('The node the flow starts at.'),
  nodes: z
    .record(nodeIdSchema, nodeDefinitionSchema)
    .refine((nodes) => Object.keys(nodes).length > 0, { error: 'a flow needs at least one node' })
    .describe('The nodes by id; each has a type: message, question, branch, set, handoff, schedule, goto or end.'),
});

/** A flow file's content after schema validation (defaults applied). */
export type FlowDefinition = z.output<typeof flowDefinitionSchema>;
