import { z } from 'zod';
import { LANGUAGES } from '../language.js';
import type { PathSegment } from '../nodes/node-kind.js';
import { joinStaffText, staffText, type StaffText } from '../staff-text.js';
import type { Finding } from './finding.js';
import { flowDefinitionSchema, type FlowDefinition } from './schema.js';
import { schemaErrorText } from './schema-text.js';
import { didYouMean } from './suggest.js';

type Issue = z.core.$ZodIssue;

/** The flow definition, or the schema problems of the data, in words for the flow's author. */
export type SchemaValidation =
  | { readonly ok: true; readonly definition: FlowDefinition }
  | { readonly ok: false; readonly findings: Finding[] };

/** What to say when a whole file is empty or not a set of fields. */
export interface RootMessages {
  readonly empty: StaffText;
  readonly notFields: StaffText;
}

const FLOW_ROOT: RootMessages = {
  empty: staffText(
    'el archivo está vacío: un archivo de flujo necesita flow, name, start y nodes',
    'the file is empty: a flow file needs flow, name, start and nodes',
  ),
  notFields: staffText(
    'un archivo de flujo debe ser un conjunto de campos: flow, name, start y nodes',
    'a flow file must be a set of fields: flow, name, start and nodes',
  ),
};

/** How one validation words its issues: the file's root messages and both languages of a zod message. */
interface Wording {
  readonly root: RootMessages;
  textOf(message: string): StaffText;
}

/** Validates parsed flow-file data against {@link flowDefinitionSchema}. */
export function validateFlowSchema(data: unknown): SchemaValidation {
  const result = validateWithSchema(flowDefinitionSchema, data, FLOW_ROOT);
  return result.ok ? { ok: true, definition: result.value } : result;
}

/**
 * Validates parsed YAML data against any strict zod schema, turning its issues into findings in
 * words for whoever edits the file, in Spanish and English (the settings file uses it too).
 */
export function validateWithSchema<T>(
  schema: z.ZodType<T>,
  data: unknown,
  root: RootMessages,
): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly findings: Finding[] } {
  // Unknown fields are worded inside zod (only the schema knows the allowed ones): both languages wait here.
  const unknownFields = new Map<string, StaffText>();
  const error = (issue: z.core.$ZodRawIssue): string | undefined => {
    const text = unknownFieldMessage(issue);
    if (text === undefined) return undefined;
    unknownFields.set(text.en, text);
    return text.en;
  };
  const result = schema.safeParse(data, { reportInput: true, error });
  if (result.success) return { ok: true, value: result.data };
  const wording: Wording = { root, textOf: (message) => unknownFields.get(message) ?? schemaErrorText(message) ?? unworded(message) };
  return { ok: false, findings: result.error.issues.flatMap((issue) => issueFindings(issue, [], wording)) };
}

/** A zod message no schema worded (should not happen): said as not valid, with zod's English for developers. */
function unworded(message: string): StaffText {
  return staffText('este valor no es válido aquí', message);
}

/** Names unknown fields with the allowed ones (only the schema knows them, so this runs in zod). */
function unknownFieldMessage(issue: z.core.$ZodRawIssue): StaffText | undefined {
  if (issue.code !== 'unrecognized_keys') return undefined;
  const allowed = issue.inst instanceof z.ZodObject ? Object.keys(issue.inst.shape) : [];
  const [key = '', ...others] = issue.keys;
  const list = allowed.join(', ');
  if (allowed.length === LANGUAGES.length && LANGUAGES.every((language) => allowed.includes(language))) {
    return staffText(`idioma desconocido "${key}" (idiomas: ${list})`, `unknown language "${key}" (languages: ${list})`);
  }
  if (others.length > 0) {
    const names = issue.keys.map((name) => `"${name}"`).join(', ');
    return staffText(`campos desconocidos ${names} (aquí se permiten: ${list})`, `unknown fields ${names} (allowed here: ${list})`);
  }
  const close = didYouMean(key, allowed);
  const hint = close.en === '' ? staffText(` (aquí se permiten: ${list})`, ` (allowed here: ${list})`) : close;
  return joinStaffText(staffText(`campo desconocido "${key}"`, `unknown field "${key}"`), hint);
}

/** Turns one zod issue (relative to `prefix`) into findings. */
function issueFindings(issue: Issue, prefix: readonly PathSegment[], wording: Wording): Finding[] {
  const path = [...prefix, ...(issue.path as PathSegment[])];
  const error = (at: 'key' | 'value', message: StaffText, where = path): Finding[] => [
    { path: where, at, message, severity: 'error' },
  ];
  switch (issue.code) {
    case 'unrecognized_keys':
      return error('key', wording.textOf(issue.message), [...path, issue.keys[0] ?? '']);
    case 'invalid_union': {
      if (issue.discriminator !== undefined) return unknownNodeType(issue, path);
      const branch = closestBranch(issue.errors);
      return branch
        ? branch.flatMap((inner) => issueFindings(inner, path, wording))
        : error('value', joinStaffText(fieldName(path), ' ', wording.textOf(issue.message)));
    }
    case 'invalid_key':
      return issue.issues.flatMap((inner) => error('key', describe(inner, path, wording)));
    case 'invalid_type':
      if (path.length === 0) return error('value', describe(issue, path, wording));
      if (issue.input === undefined) return error('key', missingField(path));
      if (issue.input === null) return error('key', joinStaffText(fieldName(path), staffText(' no tiene valor', ' has no value')));
      return error('value', describe(issue, path, wording));
    default:
      return error('value', describe(issue, path, wording));
  }
}

function unknownNodeType(issue: Issue & { code: 'invalid_union' }, path: PathSegment[]): Finding[] {
  const options = 'options' in issue ? (issue.options ?? []).map(String) : [];
  const type = (issue.input as { type?: unknown } | undefined)?.type;
  const kinds = options.join(', ');
  // Only a text can be a near miss; a list or fields may not even turn into one (`{toString: false}`).
  const close = typeof type === 'string' ? didYouMean(type, options) : staffText('', '');
  const message =
    type === undefined
      ? staffText(`falta el campo obligatorio "type" (uno de: ${kinds})`, `missing required field "type" (one of: ${kinds})`)
      : joinStaffText(
          staffText(`tipo de nodo desconocido ${JSON.stringify(type)}`, `unknown node type ${JSON.stringify(type)}`),
          close.en === '' ? staffText(` (uno de: ${kinds})`, ` (one of: ${kinds})`) : close,
        );
  return [{ path, at: type === undefined ? 'key' : 'value', message, severity: 'error' }];
}

/** The union branch the author most likely meant: the first one that got past the type test. */
function closestBranch(branches: readonly Issue[][]): Issue[] | undefined {
  return branches.find((issues) => !issues.every((issue) => issue.code === 'invalid_type' && issue.path.length === 0));
}

function describe(issue: Issue, path: readonly PathSegment[], wording: Wording): StaffText {
  const field = fieldName(path);
  const say = (es: string, en: string) => staffText(`${field.es} ${es}`, `${field.en} ${en}`);
  switch (issue.code) {
    case 'invalid_type': {
      if (path.length === 0) return issue.input === null ? wording.root.empty : wording.root.notFields;
      const expected = expectedNoun(issue.expected);
      const input = inputNoun(issue.input);
      const hint = quoteHint(issue);
      return say(`debe ser ${expected.es}, no ${input.es}${hint.es}`, `must be ${expected.en}, not ${input.en}${hint.en}`);
    }
    case 'too_small':
      if (issue.origin === 'string') return say('no puede estar vacío', 'must not be empty');
      if (issue.origin === 'array') {
        const one = issue.minimum === 1;
        return say(`necesita al menos ${issue.minimum} ${one ? 'elemento' : 'elementos'}`, `needs at least ${issue.minimum} ${one ? 'item' : 'items'}`);
      }
      return say(`debe ser al menos ${issue.minimum}`, `must be at least ${issue.minimum}`);
    case 'too_big':
      if (issue.origin === 'array') return say(`puede tener a lo más ${issue.maximum} elementos`, `can have at most ${issue.maximum} items`);
      return say(`debe ser a lo más ${issue.maximum}`, `must be at most ${issue.maximum}`);
    case 'invalid_format': {
      const rule = wording.textOf(issue.message);
      return typeof issue.input === 'string' ? joinStaffText(`"${issue.input}": `, rule) : rule;
    }
    case 'invalid_value': {
      const values = issue.values.map((value) => JSON.stringify(value));
      return say(`debe ser ${values.join(' o ')}`, `must be ${values.join(' or ')}`);
    }
    default:
      return wording.textOf(issue.message);
  }
}

function missingField(path: readonly PathSegment[]): StaffText {
  const name = String(path.at(-1));
  if (name === 'es-MX') {
    return staffText(
      'las traducciones necesitan un texto "es-MX" (es el que se usa cuando falta una traducción)',
      'translations need an "es-MX" text (it is used when a translation is missing)',
    );
  }
  return staffText(`falta el campo obligatorio "${name}"`, `missing required field "${name}"`);
}

/** `"next"`, or `el elemento 2 de "synonyms"` / `item 2 of "synonyms"` for list items. */
function fieldName(path: readonly PathSegment[]): StaffText {
  const last = path.at(-1);
  if (typeof last === 'number') {
    const list = String(path.at(-2));
    return staffText(`el elemento ${last + 1} de "${list}"`, `item ${last + 1} of "${list}"`);
  }
  return staffText(`"${String(last)}"`, `"${String(last)}"`);
}

function expectedNoun(expected: string): StaffText {
  switch (expected) {
    case 'string':
      return staffText('un texto', 'a text');
    case 'number':
    case 'int':
      return staffText('un número entero', 'a whole number');
    case 'boolean':
      return staffText('true o false', 'true or false');
    case 'array':
      return staffText('una lista', 'a list');
    case 'object':
    case 'record':
      return staffText('un conjunto de campos (nombre: valor)', 'a set of fields (name: value)');
    default:
      return staffText(expected, expected);
  }
}

/** Longest piece of a text a report quotes. */
const EXCERPT_LENGTH = 60;

/** A text as a report quotes it: on one line, and cut after {@link EXCERPT_LENGTH} characters with «…». */
function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const chars = [...line];
  return chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH).join('')}…` : line;
}

function inputNoun(input: unknown): StaffText {
  if (Array.isArray(input)) return staffText('una lista', 'a list');
  if (typeof input === 'object' && input !== null) return staffText('un conjunto de campos', 'a set of fields');
  if (typeof input === 'string') return staffText(`el texto "${excerpt(input)}"`, `the text "${excerpt(input)}"`);
  if (typeof input === 'number') return staffText(`el número ${input}`, `the number ${input}`);
  return staffText(String(input), String(input));
}

function quoteHint(issue: Issue & { code: 'invalid_type' }): StaffText {
  const scalar = typeof issue.input === 'number' || typeof issue.input === 'boolean';
  if (issue.expected !== 'string' || !scalar) return staffText('', '');
  return staffText(` (escríbelo entre comillas: "${String(issue.input)}")`, ` (write it in quotes: "${String(issue.input)}")`);
}
