import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlowFile, parseFlowSource } from '../../src/engine/index.js';

const INVALID = join(import.meta.dirname, 'fixtures', 'invalid');

/** Each fixture is broken in one way; the diagnostics must name the exact place and problem. */
const cases: Array<[file: string, expected: string[]]> = [
  ['unknown-node-type.yaml', ['6:11: unknown node type "mensaje" (did you mean "message"?)']],
  ['unknown-field.yaml', ['11:9: unknown field "synonym" (did you mean "synonyms"?)']],
  [
    'dangling-next.yaml',
    ['12:17: "on_give_up" points to "despedida_neutral", which is not a node of this flow (did you mean "despedida_neutra"?)'],
  ],
  ['unreachable-node.yaml', ['9:3: node "olvidado" can never be reached from the start node "saludo"']],
  ['duplicate-node-id.yaml', ['9:3: node id "saludo" is used twice: each node needs its own id']],
  [
    'bad-placeholder.yaml',
    [
      '7:11: warning: no "en" translation: es-MX is sent instead (other texts here have one)',
      '7:17: unknown placeholder "{{nombre}}": only {{alias}}, {{cita_hora}}, {{cita_enlace}} and {{cita_opciones}} can be used',
      '13:16: "{alias}" is not a placeholder: write {{alias}} with two braces on each side',
    ],
  ],
  ['missing-es-mx.yaml', ['7:5: translations need an "es-MX" text (it is used when a translation is missing)']],
  ['yaml-syntax-error.yaml', ['7:11: this quoted text is never closed: add the missing " where it ends']],
  ['flow-id-mismatch.yaml', ['1:7: flow id "otro-nombre" must match the file name "flow-id-mismatch"']],
  [
    'message-loop.yaml',
    ['5:3: nodes "uno" → "dos" → "uno" form a loop with no question, so the flow would never stop sending messages'],
  ],
  ['duplicate-choice-id.yaml', ['12:13: choice id "si" is used twice in this question']],
  [
    'ambiguous-synonym.yaml',
    [
      '15:20: "mas tarde" would match both choice "si" and choice "no": an answer must pick only one',
      '15:33: "3" is a number, and numbers pick choices by position (1 to 2): use words here',
    ],
  ],
  [
    'reserved-category.yaml',
    [
      '12:13: "sin_categoria" is how reports count answers without a category (free text, numbers, dates): use another word',
      '20:12: "sin_categoria" is how reports count answers without a category (free text, numbers, dates): use another word',
    ],
  ],
  ['max-attempts-zero.yaml', ['12:19: "max_attempts" must be at least 1']],
  ['missing-start.yaml', ['3:8: start node "saludos" is not a node of this flow (did you mean "saludo"?)']],
  [
    'wrong-types.yaml',
    [
      '7:11: "text" must not be empty',
      '9:13: "id" must be a text, not true (write it in quotes: "true")',
      '10:16: "label" must be a text, or a list of translations with an "es-MX" entry',
      '11:9: "next" has no value',
      '13:3: missing required field "outcome"',
    ],
  ],
  ['empty.yaml', ['1:1: the file is empty: a flow file needs flow, name, start and nodes']],
  [
    'denied-word.yaml',
    [
      '7:11: warning: no "en" translation: es-MX is sent instead (other texts here have one)',
      '7:36: "denuncia" is on the deny-list ("denuncia" in deny_words): a text she receives must read like an ordinary message',
      '13:30: "911" is on the deny-list ("911" in deny_words): a text she receives must read like an ordinary message',
      '15:28: warning: no "en" translation: es-MX is sent instead (other texts here have one)',
      '15:33: "Violencia" is on the deny-list ("violencia" in deny_words): a text she receives must read like an ordinary message',
      '16:12: warning: no "en" translation: es-MX is sent instead (other texts here have one)',
      '16:19: "agresor" is on the deny-list ("agresor" in deny_words): a text she receives must read like an ordinary message',
    ],
  ],
  [
    'question-exits.yaml',
    [
      '5:3: missing required field "on_give_up": where the flow goes after 3 answers it could not understand',
      '10:3: missing required field "on_no": where the flow goes when she answers no',
      '21:5: "on_give_up" is never taken: an "answer: text" question accepts any answer',
    ],
  ],
  [
    'result-references.yaml',
    [
      '17:17: "biem" is never a value of "animo" (it can be: bien, mal) (did you mean "bien"?)',
      '22:18: no node of this flow saves a result "animos" (did you mean "animo"?)',
      '26:16: "animo" is not saved by an "answer: datetime" question, so it never holds a date',
    ],
  ],
  [
    'flow-references.yaml',
    [
      '7:11: there is no flow "no-existe" in this directory',
      '13:11: there is no flow "question-exit" in this directory (did you mean "question-exits"?)',
    ],
  ],
  [
    'choice-is-interrupt.yaml',
    [
      '9:55: "necesito ayuda" contains an emergency word (ajustes.yaml): that answer is taken as an interrupt before this question sees it',
      '10:29: "Alto" contains an opt-out word (ajustes.yaml): that answer is taken as an interrupt before this question sees it',
    ],
  ],
  ['bad-timeout.yaml', ['11:23: "4h": must be an ISO-8601 duration such as PT4H (4 hours), PT30M (30 minutes) or P1D (1 day)']],
  [
    'one-of-rules.yaml',
    [
      '8:5: a set node stores in one place: "case_field" or "result"',
      '14:5: a branch looks at one thing: "field" or "safe_hours", not both',
      '15:3: a goto needs "node" (a node of this flow) or "flow" (another flow)',
    ],
  ],
];

describe('invalid flow files', () => {
  for (const [name, expected] of cases) {
    it(`${name} is rejected at the right place`, async () => {
      const file = join(INVALID, name);
      const result = await loadFlowFile(file);
      expect(result.ok).toBe(false);
      expect(result.diagnostics.map((d) => d.formatted)).toEqual(expected.map((line) => `${file}:${line}`));
      expect(result.diagnostics.every((d) => d.file === file)).toBe(true);
      expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    });
  }

  it('has a case for every fixture', async () => {
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(INVALID).sort()).toEqual(cases.map(([name]) => name).sort());
  });
});

describe('phrases of two choices that meet in one sentence', () => {
  it('loads the flow, with a warning at the later phrase naming the sentence', () => {
    const source = [
      'flow: frases',
      'name: Frases que chocan',
      'start: pregunta',
      'nodes:',
      '  pregunta:',
      '    type: question',
      '    text: "¿Es buen momento?"',
      '    choices:',
      '      - { id: "no", label: "No", synonyms: ["no puedo"], next: fin }',
      '      - { id: luego, label: "Luego", synonyms: ["puedo mañana", "más tarde"], next: fin }',
      '    on_give_up: fin',
      '  fin: { type: end, outcome: completado }',
    ].join('\n');
    const result = parseFlowSource(source, { file: 'frases.yaml' });
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => `${d.severity}: ${d.message}`)).toEqual([
      'warning: "puedo mañana" (choice "luego") and "no puedo" (choice "no") can meet in one sentence ("no puedo manana"): such an answer fits both choices and is asked again',
    ]);
  });
});
