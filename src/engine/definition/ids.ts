import { z } from 'zod';

const ID_PATTERN = /^[a-z][a-z0-9_-]*$/;
const ID_RULE = 'lowercase letters without accents, digits, "_" or "-", starting with a letter';

/** A node id, e.g. `despedida_neutra`. */
export const nodeIdSchema = z.string().regex(ID_PATTERN, {
  error: `node ids use ${ID_RULE} (like despedida_neutra)`,
});

/** A flow id, equal to the file name without `.yaml`, e.g. `primer-contacto`. */
export const flowIdSchema = z.string().regex(ID_PATTERN, {
  error: `flow ids use ${ID_RULE} (like primer-contacto), and match the file name`,
});

/** A choice id, e.g. `mas_o_menos`. */
export const choiceIdSchema = z.string().regex(ID_PATTERN, {
  error: `choice ids use ${ID_RULE} (like mas_o_menos)`,
});

/** An end node's outcome, e.g. `no_es_buen_momento`. */
export const outcomeSchema = z.string().regex(ID_PATTERN, {
  error: `outcomes use ${ID_RULE} (like no_es_buen_momento)`,
});

/** A result name for `save_as`, e.g. `como_se_siente`. */
export const resultNameSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, {
  error: 'result names use lowercase letters without accents, digits or "_", starting with a letter (like como_se_siente)',
});

/** A case or survivor field name, for `branch` and `set`, e.g. `tiene_cita`. */
export const fieldNameSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, {
  error: 'field names use lowercase letters without accents, digits or "_", starting with a letter (like tiene_cita)',
});

/** A handoff or schedule reason, e.g. `juridica`, `mas_tarde`. */
export const reasonSchema = z.string().regex(ID_PATTERN, {
  error: `reasons use ${ID_RULE} (like juridica)`,
});

/** A value a `set` node stores or a `branch` case compares with: a text, number, true/false or null. */
export const scalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'must be a text, a number, true, false or null',
});
