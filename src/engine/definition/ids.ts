import { z } from 'zod';
import { schemaError } from './schema-text.js';

const ID_PATTERN = /^[a-z][a-z0-9_-]*$/;
const ID_RULE = {
  es: 'letras minúsculas sin acentos, dígitos, "_" o "-", y empiezan con una letra',
  en: 'lowercase letters without accents, digits, "_" or "-", starting with a letter',
};
const NAME_RULE = {
  es: 'letras minúsculas sin acentos, dígitos o "_", y empiezan con una letra',
  en: 'lowercase letters without accents, digits or "_", starting with a letter',
};

/** A node id, e.g. `despedida_neutra`. */
export const nodeIdSchema = z.string().regex(ID_PATTERN, {
  error: schemaError(`los ids de nodo usan ${ID_RULE.es} (como despedida_neutra)`, `node ids use ${ID_RULE.en} (like despedida_neutra)`),
});

/** A flow id, equal to the file name without `.yaml`, e.g. `primer-contacto`. */
export const flowIdSchema = z.string().regex(ID_PATTERN, {
  error: schemaError(
    `los ids de flujo usan ${ID_RULE.es} (como primer-contacto), e igualan el nombre del archivo`,
    `flow ids use ${ID_RULE.en} (like primer-contacto), and match the file name`,
  ),
});

/** A choice id, e.g. `mas_o_menos`. */
export const choiceIdSchema = z.string().regex(ID_PATTERN, {
  error: schemaError(`los ids de opción usan ${ID_RULE.es} (como mas_o_menos)`, `choice ids use ${ID_RULE.en} (like mas_o_menos)`),
});

/** An end node's outcome, e.g. `no_es_buen_momento`. */
export const outcomeSchema = z.string().regex(ID_PATTERN, {
  error: schemaError(`los resultados finales (outcome) usan ${ID_RULE.es} (como no_es_buen_momento)`, `outcomes use ${ID_RULE.en} (like no_es_buen_momento)`),
});

/** A result name for `save_as`, e.g. `como_se_siente`. */
export const resultNameSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, {
  error: schemaError(`los nombres de resultado usan ${NAME_RULE.es} (como como_se_siente)`, `result names use ${NAME_RULE.en} (like como_se_siente)`),
});

/** A case or survivor field name, for `branch` and `set`, e.g. `tiene_cita`. */
export const fieldNameSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, {
  error: schemaError(`los nombres de campo usan ${NAME_RULE.es} (como tiene_cita)`, `field names use ${NAME_RULE.en} (like tiene_cita)`),
});

/** A handoff or schedule reason, e.g. `juridica`, `mas_tarde`. */
export const reasonSchema = z.string().regex(ID_PATTERN, {
  error: schemaError(`los motivos (reason) usan ${ID_RULE.es} (como juridica)`, `reasons use ${ID_RULE.en} (like juridica)`),
});

/** A value a `set` node stores or a `branch` case compares with: a text, number, true/false or null. */
export const scalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: schemaError('debe ser un texto, un número, true, false o null', 'must be a text, a number, true, false or null'),
});
