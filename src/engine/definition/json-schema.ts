import { z } from 'zod';
import { settingsSchema } from '../interrupts/settings-schema.js';
import { flowDefinitionSchema } from './schema.js';

/**
 * The JSON Schema of a flow file, generated from the zod schema (`flows/flow.schema.json`), so
 * editors with the YAML language server complete and check flow files. Refinements that JSON
 * Schema cannot say (reachability, deny-list, ...) are left to `acompana flows validate`.
 */
export function flowJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(flowDefinitionSchema, { io: 'input', target: 'draft-7' }),
    title: 'Acompaña flow',
    description: 'A conversation flow of Acompaña (flows/*.yaml). Validate with: acompana flows validate',
  };
}

/** The JSON Schema of the settings file (`flows/ajustes.schema.json`). */
export function settingsJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(settingsSchema, { io: 'input', target: 'draft-7' }),
    title: 'Acompaña settings',
    description: 'Interrupt words and replies, and the deny-list of outgoing texts (flows/ajustes.yaml).',
  };
}
