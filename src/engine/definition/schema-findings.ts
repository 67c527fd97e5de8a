import { z } from 'zod';
import { LANGUAGES } from '../language.js';
import type { PathSegment } from '../nodes/node-kind.js';
import type { Finding } from './finding.js';
import { flowDefinitionSchema, type FlowDefinition } from './schema.js';
import { didYouMean } from './suggest.js';

type Issue = z.core.$ZodIssue;

/** The flow definition, or the schema problems of the data, in words for the flow's author. */
export type SchemaValidation =
  | { readonly ok: true; readonly definition: FlowDefinition }
  | { readonly ok: false; readonly findings: Finding[] };

/** What to say when a whole file is empty or not a set of fields. */
export interface RootMessages {
  readonly empty: string;
  readonly notFields: string;
}

const FLOW_ROOT: RootMessages = {
  empty: 'the file is empty: a flow file needs flow, name, start and nodes',
  notFields: 'a flow file must be a set of fields: flow, name, start and nodes',
};

/** Validates parsed flow-file data against {@link flowDefinitionSchema}. */
export function validateFlowSchema(data: unknown): SchemaValidation {
  const result = validateWithSchema(flowDefinitionSchema, data, FLOW_ROOT);
  return result.ok ? { ok: true, definition: result.value } : result;
}

/**
 * Validates parsed YAML data against any strict zod schema, turning its issues into findings in
 * words for whoever edits the file (the settings file uses it too).
 */
export function validateWithSchema<T>(
  schema: z.ZodType<T>,
  data: unknown,
  root: RootMessages,
): { readonly ok: true; readonly value: T } | { readonly ok: false; readonly findings: Finding[] } {
  const result = schema.safeParse(data, { reportInput: true, error: unknownFieldMessage });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, findings: result.error.issues.flatMap((issue) => issueFindings(issue, [], root)) };
}

/** Names unknown fields with the allowed ones (only the schema knows them, so this runs in zod). */
function unknownFieldMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'unrecognized_keys') return undefined;
  const allowed = issue.inst instanceof z.ZodObject ? Object.keys(issue.inst.shape) : [];
  const [key = '', ...others] = issue.keys;
  if (allowed.length === LANGUAGES.length && LANGUAGES.every((language) => allowed.includes(language))) {
    return `unknown language "${key}" (languages: ${allowed.join(', ')})`;
  }
  if (others.length > 0) {
    return `unknown fields ${issue.keys.map((name) => `"${name}"`).join(', ')} (allowed here: ${allowed.join(', ')})`;
  }
  return `unknown field "${key}"${didYouMean(key, allowed) || ` (allowed here: ${allowed.join(', ')})`}`;
}

/** Turns one zod issue (relative to `prefix`) into findings. */
function issueFindings(issue: Issue, prefix: readonly PathSegment[], root: RootMessages): Finding[] {
  const path = [...prefix, ...(issue.path as PathSegment[])];
  const error = (at: 'key' | 'value', message: string, where = path): Finding[] => [
    { path: where, at, message, severity: 'error' },
  ];
  switch (issue.code) {
    case 'unrecognized_keys':
      return error('key', issue.message, [...path, issue.keys[0] ?? '']);
    case 'invalid_union': {
      if (issue.discriminator !== undefined) return unknownNodeType(issue, path);
      const branch = closestBranch(issue.errors);
      return branch
        ? branch.flatMap((inner) => issueFindings(inner, path, root))
        : error('value', `${fieldName(path)} ${issue.message}`);
    }
    case 'invalid_key':
      return issue.issues.flatMap((inner) => error('key', describe(inner, path, root)));
    case 'invalid_type':
      if (path.length === 0) return error('value', describe(issue, path, root));
      if (issue.input === undefined) return error('key', missingField(path));
      if (issue.input === null) return error('key', `${fieldName(path)} has no value`);
      return error('value', describe(issue, path, root));
    default:
      return error('value', describe(issue, path, root));
  }
}

function unknownNodeType(issue: Issue & { code: 'invalid_union' }, path: PathSegment[]): Finding[] {
  const options = 'options' in issue ? (issue.options ?? []).map(String) : [];
  const type = (issue.input as { type?: unknown } | undefined)?.type;
  const message =
    type === undefined
      ? `missing required field "type" (one of: ${options.join(', ')})`
      : // Only a text can be a near miss; a list or fields may not even turn into one (`{toString: false}`).
        `unknown node type ${JSON.stringify(type)}${(typeof type === 'string' && didYouMean(type, options)) || ` (one of: ${options.join(', ')})`}`;
  return [{ path, at: type === undefined ? 'key' : 'value', message, severity: 'error' }];
}

/** The union branch the author most likely meant: the first one that got past the type test. */
function closestBranch(branches: readonly Issue[][]): Issue[] | undefined {
  return branches.find((issues) => !issues.every((issue) => issue.code === 'invalid_type' && issue.path.length === 0));
}

function describe(issue: Issue, path: readonly PathSegment[], root: RootMessages): string {
  const field = fieldName(path);
  switch (issue.code) {
    case 'invalid_type':
      if (path.length === 0) return issue.input === null ? root.empty : root.notFields;
      return `${field} must be ${expectedNoun(issue.expected)}, not ${inputNoun(issue.input)}${quoteHint(issue)}`;
    case 'too_small':
      if (issue.origin === 'string') return `${field} must not be empty`;
      if (issue.origin === 'array') return `${field} needs at least ${issue.minimum} ${issue.minimum === 1 ? 'item' : 'items'}`;
      return `${field} must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `${field} can have at most ${issue.maximum} items`;
      return `${field} must be at most ${issue.maximum}`;
    case 'invalid_format':
      return typeof issue.input === 'string' ? `"${issue.input}": ${issue.message}` : issue.message;
    case 'invalid_value':
      return `${field} must be ${issue.values.map((value) => JSON.stringify(value)).join(' or ')}`;
    default:
      return issue.message;
  }
}

function missingField(path: readonly PathSegment[]): string {
  const name = String(path.at(-1));
  if (name === 'es-MX') return 'translations need an "es-MX" text (it is used when a translation is missing)';
  return `missing required field "${name}"`;
}

/** `"next"`, or `item 2 of "synonyms"` for list items. */
function fieldName(path: readonly PathSegment[]): string {
  const last = path.at(-1);
  if (typeof last === 'number') return `item ${last + 1} of "${String(path.at(-2))}"`;
  return `"${String(last)}"`;
}

function expectedNoun(expected: string): string {
  switch (expected) {
    case 'string':
      return 'a text';
    case 'number':
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'a set of fields (name: value)';
    default:
      return expected;
  }
}

function inputNoun(input: unknown): string {
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object' && input !== null) return 'a set of fields';
  if (typeof input === 'string') return `the text "${input}"`;
  if (typeof input === 'number') return `the number ${input}`;
  return String(input);
}

function quoteHint(issue: Issue & { code: 'invalid_type' }): string {
  const scalar = typeof issue.input === 'number' || typeof issue.input === 'boolean';
  return issue.expected === 'string' && scalar ? ` (write it in quotes: "${String(issue.input)}")` : '';
}
