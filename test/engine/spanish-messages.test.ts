import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  FLOW_CHECKS,
  formatDiagnostic,
  loadFlowDirectory,
  loadFlowFile,
  loadSettings,
  NODE_KINDS,
  parseFlowSource,
  parseSettingsSource,
  validateFlowSchema,
  type Diagnostic,
  type FlowIndex,
  type ValidationOptions,
} from '../../src/engine/index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const INVALID = join(FIXTURES, 'invalid');
const SETTINGS = join(FIXTURES, 'settings');

/** Other flows a sample may name: `goto`/`schedule` targets are checked against them. */
const KNOWN_FLOWS: FlowIndex = new Map([['cierre', new Set(['saludo', 'despedida'])]]);

/** What every sample is checked against: its file name, the flows beside it, the Cloud API's rules. */
const OPTIONS: ValidationOptions = { expectedFlowId: 'muestra', settings: DEFAULT_SETTINGS, knownFlows: KNOWN_FLOWS, channel: 'cloud-api' };

const head = (start: string) => `flow: muestra\nname: Muestra\nstart: ${start}\nnodes:\n`;
const end = '  fin:\n    type: end\n    outcome: listo\n';

/**
 * Flows broken in every way the validator knows that the fixtures under `fixtures/invalid` do not
 * already show: each schema rule, each node kind's own checks, the Cloud API's rules, YAML mistakes.
 */
const BROKEN_FLOWS: readonly string[] = [
  // The Cloud API: an opener without template; a handoff that opens; template parameters and bodies.
  `${head('hola')}  hola:\n    type: message\n    text: "Hola, soy Ana."\n    next: fin\n${end}`,
  `${head('pasa')}  pasa:\n    type: handoff\n    urgency: normal\n    reason: x\n    text: "Aquí sigo."\n`,
  `${head('hola')}  hola:\n    type: message\n    text: "Hola {{alias}}, soy Ana."\n    template: { name: hola, parameters: [] }\n    next: fin\n${end}`,
  `${head('hola')}  hola:\n    type: message\n    text: "{{alias}}, soy Ana."\n    template: { name: hola, parameters: ["{{alias}}"] }\n    next: fin\n${end}`,
  `${head('hola')}  hola:\n    type: message\n    text: "Elige: {{cita_opciones}} y listo"\n    template: { name: hola, parameters: ["{{cita_opciones}}"] }\n    next: fin\n${end}`,
  `${head('hola')}  hola:\n    type: message\n    text: "Hola"\n    template: { name: "Hola Ana", parameters: [] }\n    next: fin\n${end}`,
  // Questions: every rule between their fields, and phrases of two choices that meet.
  `${head('q')}  q:\n    type: question\n    text: "¿Y?"\n    answer: yes_no\n    choices: [{ id: a, label: "A", next: fin }]\n    min: 3\n    show_choices: false\n${end}`,
  `${head('q')}  q:\n    type: question\n    text: "¿Y?"\n    answer: number\n    min: 9\n    max: 1\n    choices: [{ id: a, label: "A", next: fin }]\n    on_yes: fin\n    on_give_up: fin\n${end}`,
  `${head('q')}  q:\n    type: question\n    text: "¿Y?"\n    answer: text\n    on_give_up: fin\n    timeout: { after: P40D, next: fin }\n${end}`,
  `${head('q')}  q:\n    type: question\n    text: "¿Y?"\n    next: fin\n    show_choices: true\n${end}`,
  `${head('q')}  q:\n    type: question\n    text: "¿Y?"\n    choices:\n      - { id: "no", label: "No", synonyms: ["no puedo"], next: fin }\n      - { id: luego, label: "Luego", synonyms: ["puedo mañana"], next: fin }\n    next: fin\n    on_give_up: fin\n${end}`,
  // Branches, sets, schedules and gotos.
  `${head('b')}  b:\n    type: branch\n    next: fin\n${end}`,
  `${head('b')}  b:\n    type: branch\n    result: x\n    field: y\n${end}`,
  `${head('b')}  b:\n    type: branch\n    safe_hours: { inside: fin, outside: fin }\n    cases: [{ when: 1, next: fin }]\n    default: fin\n${end}`,
  `${head('b')}  b:\n    type: branch\n    field: y\n    cases: [{ when: {}, next: fin }]\n    default: fin\n${end}`,
  `${head('s')}  s:\n    type: set\n    next: fin\n${end}`,
  `${head('s')}  s:\n    type: set\n    case_field: a\n    result: b\n    value: 1\n    from_result: c\n    next: fin\n${end}`,
  `${head('p')}  p:\n    type: schedule\n    after: PT30S\n    at_result: nunca\n    reason: x\n    next: fin\n${end}`,
  `${head('g')}  g:\n    type: goto\n    flow: cierre\n    node: ningun_nodo\n`,
  `${head('g')}  g:\n    type: goto\n`,
  // The schema's words: too big, a wrong enum, fields instead of a list, a bad value, no nodes.
  `${head('q')}  q:\n    type: question\n    text: "¿Y?"\n    answer: colores\n    max_attempts: 11\n    choices: { a: 1 }\n${end}`,
  `${head('h')}  h:\n    type: handoff\n    urgency: 3\n    reason: Mayúsculas\n`,
  `${head('m')}  m:\n    type: message\n    text:\n      es-MX: "Hola"\n      fr: "Salut"\n    next: fin\n    colour: red\n    siguiente: fin\n${end}`,
  `${head('m')}  m:\n    text: "Hola"\n  Otro:\n    type: message\n    text: [1, 2]\n    next: "fin"\n${end}`,
  'flow: muestra\nname: Muestra\nstart: a\nnodes: {}\n',
  'flow: Muestra\nname: ""\nstart: 3\nnodes: []\n',
  'flow: muestra\nname: Muestra\nstart: a\nnodes:\n  a:\n    type: set\n    result: r\n    value: null\n    next: a\n',
  '- una\n- lista\n',
  // YAML mistakes: a tab, a bad indentation, a nested mapping, a key written twice, an unclosed quote, two documents.
  'flow: muestra\n\tname: Muestra\n',
  'flow: muestra\nname: Muestra\nnodes:\n  a:\n    type: end\n   outcome: x\n',
  'flow: muestra\nname: Muestra: con dos puntos: aquí\nnodes: { a: { type: end, outcome: x } }\n',
  'flow: muestra\nflow: otra\nname: Muestra\n',
  'flow: muestra\nname: "Muestra\nstart: a\n',
  'flow: muestra\n---\nflow: otra\n',
  'flow: muestra\nname: *nada\n',
];

/** Settings files broken in ways the fixtures under `fixtures/settings` do not show. */
const BROKEN_SETTINGS: readonly string[] = ['- una\n- lista\n', 'opt_out: { words: [] }\ncolor: rojo\n', 'deny_words: "violencia"\n'];

/** Every diagnostic of the samples, the fixtures, an unreadable file and a directory with a flow twice. */
async function everyDiagnostic(): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  for (const source of BROKEN_FLOWS) diagnostics.push(...parseFlowSource(source, { file: 'muestra.yaml', ...OPTIONS }).diagnostics);
  for (const source of BROKEN_SETTINGS) diagnostics.push(...parseSettingsSource(source, { file: 'ajustes.yaml' }).diagnostics);
  for (const name of readdirSync(INVALID)) diagnostics.push(...(await loadFlowFile(join(INVALID, name), { channel: 'cloud-api' })).diagnostics);
  for (const name of readdirSync(SETTINGS)) diagnostics.push(...(await loadSettings(join(SETTINGS, name))).diagnostics);
  diagnostics.push(...(await loadFlowFile(join(INVALID, 'no-existe.yaml'))).diagnostics);
  diagnostics.push(...(await loadFlowDirectory(join(INVALID, 'no-existe'))).diagnostics);
  const twice = await mkdtemp(join(tmpdir(), 'acompana-twice-'));
  cleanups.push(() => rm(twice, { recursive: true, force: true }));
  await writeFile(join(twice, 'a.yaml'), 'flow: a\nname: A\nstart: fin\nnodes:\n  fin: { type: end, outcome: x }\n');
  await writeFile(join(twice, 'a.yml'), 'flow: a\nname: A\nstart: fin\nnodes:\n  fin: { type: end, outcome: x }\n');
  diagnostics.push(...(await loadFlowDirectory(twice)).diagnostics);
  return diagnostics;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/**
 * English words a Spanish message never needs. Quoted pieces (her texts, ids, YAML keys such as
 * "next") are left out before looking, as are file names and the keys written bare (flow, nodes).
 */
const ENGLISH_WORDS = /\b(the|is|are|was|must|which|cannot|can|never|only|with|and|or|of|to|not|missing|unknown|should|would|this|that|between|least|most|write|used|instead|here|there|does|have|be|it|its|an|in|on|at|by|for|from|did|you|mean|no longer|needs?|points?|reached|twice|allowed|empty|item|items|value|values|invalid)\b/i;

function withoutQuotes(text: string): string {
  return text
    .replace(/"[^"]*"|«[^»]*»|\{\{[^}]*\}\}/g, ' ')
    .replace(/[\w./-]+\.ya?ml\b/g, ' ')
    .replace(/\/\S+/g, ' ');
}

describe('flow and settings problems in the flow authors’ Spanish', () => {
  it('every message of a broad sample has its own Spanish, with no English left in it', async () => {
    const diagnostics = await everyDiagnostic();
    expect(diagnostics.length).toBeGreaterThan(100);
    const untranslated = diagnostics.filter((d) => d.message.es.trim() === '' || d.message.es === d.message.en);
    expect(untranslated.map((d) => d.message.en)).toEqual([]);
    const english = diagnostics.filter((d) => ENGLISH_WORDS.test(withoutQuotes(d.message.es)));
    expect(english.map((d) => d.message.es)).toEqual([]);
    expect(diagnostics.filter((d) => d.message.en.trim() === '')).toEqual([]);
  });

  it('formats each one in Spanish by default, and in English on request', async () => {
    for (const d of await everyDiagnostic()) {
      expect(d.formatted).toBe(formatDiagnostic(d));
      expect(d.formatted).toBe(`${d.file}:${d.line}:${d.column}: ${d.severity === 'warning' ? 'aviso: ' : ''}${d.message.es}`);
      expect(formatDiagnostic(d, 'en')).toBe(`${d.file}:${d.line}:${d.column}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message.en}`);
    }
  });

  it('the sample reaches every check of a flow and every node kind with checks of its own', () => {
    const sources = [...BROKEN_FLOWS, ...readdirSync(INVALID).map((name) => readFileSync(join(INVALID, name), 'utf8'))];
    const definitions = sources.flatMap((source) => {
      let data: unknown;
      try {
        data = parse(source, { logLevel: 'silent' });
      } catch {
        return [];
      }
      const schema = validateFlowSchema(data);
      return schema.ok ? [schema.definition] : [];
    });
    const silent = FLOW_CHECKS.filter((check) => !definitions.some((definition) => [...check({ definition, options: OPTIONS })].length > 0));
    expect(silent.map((check) => check.name)).toEqual([]);
    const kindsWithChecks = NODE_KINDS.filter((kind) => 'check' in kind);
    const quietKinds = kindsWithChecks.filter(
      (kind) => !definitions.some((definition) => Object.values(definition.nodes).some((node) => node.type === kind.type && (kind.check as (n: unknown) => unknown[])(node).length > 0)),
    );
    expect(quietKinds.map((kind) => kind.type)).toEqual([]);
  });
});
