import { describe, expect, it } from 'vitest';
import { parseFlowSource } from '../../src/engine/index.js';

/** Diagnostics of an inline flow, as `line:column: message`. */
function problems(source: string, expectedFlowId?: string): string[] {
  const result = parseFlowSource(source, { file: 'f.yaml', expectedFlowId });
  return result.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`);
}

const tail = `
  fin:
    type: end
    outcome: completado
`;

describe('flow diagnostics in plain words', () => {
  it('names an unknown language with the allowed ones', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text:\n      es-MX: "Hola"\n      fr: "Salut"\n    next: fin${tail}`;
    expect(problems(source)).toEqual(['9:7: unknown language "fr" (languages: es-MX, en, yua)']);
  });

  it('lists the allowed fields when nothing is close to the unknown one', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text: "Hola"\n    colour: red\n    next: fin${tail}`;
    expect(problems(source)).toEqual(['8:5: unknown field "colour" (allowed here: type, text, template, next)']);
  });

  it('names several unknown fields at the first one', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    texto: "Hola"\n    text: "Hola"\n    siguiente: fin\n    next: fin${tail}`;
    expect(problems(source)).toEqual(['7:5: unknown fields "texto", "siguiente" (allowed here: type, text, template, next)']);
  });

  it('reports a field written twice, with its position', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text: "Hola"\n    next: fin\n    next: a${tail}`;
    expect(problems(source)).toEqual(['9:5: field "next" is written twice here']);
  });

  it('reports a missing node type with the kinds available', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    text: "Hola"\n    next: fin${tail}`;
    expect(problems(source)).toEqual(['5:3: missing required field "type" (one of: message, question, branch, set, handoff, schedule, goto, end)']);
  });

  it('rejects node ids with capitals or accents, at the id', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text: "Hola"\n    next: fin\n  Atención:\n    type: message\n    text: "x"\n    next: fin${tail}`;
    expect(problems(source)).toEqual([
      '9:3: "Atención": node ids use lowercase letters without accents, digits, "_" or "-", starting with a letter (like despedida_neutra)',
    ]);
  });

  it('rejects a file that is a list instead of fields', () => {
    expect(problems('- a\n- b\n')).toEqual(['1:1: a flow file must be a set of fields: flow, name, start and nodes']);
  });

  it('accepts a block text and trims its final newline', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text: |\n      Hola {{alias}}.\n      ¿Cómo estás?\n    next: fin${tail}`;
    const result = parseFlowSource(source, { file: 'f.yaml' });
    expect(result.ok).toBe(true);
    expect(result.ok && result.flow.definition.nodes['a']).toMatchObject({ text: 'Hola {{alias}}.\n¿Cómo estás?' });
  });

  it('reports a synonym that is only an emoji', () => {
    const source = `flow: f\nname: F\nstart: q\nnodes:\n  q:\n    type: question\n    text: "¿Sí?"\n    choices:\n      - id: si\n        label: "Sí"\n        synonyms: ["👍"]\n        next: fin\n    on_give_up: fin${tail}`;
    expect(problems(source)).toEqual([
      '11:20: "👍" has no letters or digits once emoji and punctuation are ignored, so no answer can match it',
    ]);
  });

  it('reports a question whose choices list is empty', () => {
    const source = `flow: f\nname: F\nstart: q\nnodes:\n  q:\n    type: question\n    text: "¿Sí?"\n    choices: []\n    on_give_up: fin${tail}`;
    expect(problems(source)).toEqual(['8:14: "choices" needs at least 1 item']);
  });

  it('reports a message pointing to itself as a loop', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text: "Hola"\n    next: a`;
    expect(problems(source)).toEqual([
      '5:3: nodes "a" → "a" form a loop with no question, so the flow would never stop sending messages',
    ]);
  });

  it('accepts a loop that passes through a question', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text: "Hola"\n    next: q\n  q:\n    type: question\n    text: "¿Otra vez?"\n    choices:\n      - { id: si, label: "Sí", next: a }\n      - { id: "no", label: "No", next: fin }\n    on_give_up: fin${tail}`;
    expect(problems(source)).toEqual([]);
  });

  it('checks the flow id only when the file name is known', () => {
    const source = `flow: f\nname: F\nstart: fin\nnodes:${tail}`;
    expect(problems(source)).toEqual([]);
    expect(problems(source, 'g')).toEqual(['1:7: flow id "f" must match the file name "g"']);
  });
});

describe('diagnostics of the newer node kinds', () => {
  const head = 'flow: f\nname: F\nstart: q\nnodes:\n';

  it('wants a question to have choices or an answer type, and a timeout of at least a minute', () => {
    expect(problems(`${head}  q:\n    type: question\n    text: "¿Y?"\n${tail}`)).toEqual([
      '5:3: a question needs "choices", an "answer" type, or both',
      '9:3: node "fin" can never be reached from the start node "q"',
    ]);
    const timeout = `${head}  q:\n    type: question\n    text: "¿Y?"\n    answer: number\n    next: fin\n    on_give_up: fin\n    timeout: { after: PT10S, next: fin }\n${tail}`;
    expect(problems(timeout)).toEqual(['11:23: "after" must be between 1 minute (PT1M) and 30 days (P30D)']);
  });

  it('names fields that would never be used', () => {
    const source = `${head}  q:\n    type: question\n    text: "¿Y?"\n    choices: [{ id: a, label: "A", next: fin }]\n    next: fin\n    min: 1\n    on_yes: fin\n    on_give_up: fin\n${tail}`;
    expect(problems(source)).toEqual([
      '9:5: choices lead on with their own "next"; "next" is only used with an "answer" type',
      '10:5: "min" is only used with "answer: number"',
      '11:5: "on_yes" is only used with "answer: yes_no"',
    ]);
  });

  it('wants a branch on a result or field to say where to go otherwise', () => {
    const source = `flow: f\nname: F\nstart: b\nnodes:\n  b:\n    type: branch\n    field: tiene_cita\n    cases:\n      - { when: true, next: fin }\n${tail}`;
    expect(problems(source)).toEqual(['5:3: missing required field "default": where to go when no case matches']);
  });

  it('refuses a null result and an unknown urgency', () => {
    const set = `flow: f\nname: F\nstart: s\nnodes:\n  s: { type: set, result: r, value: null, next: fin }\n${tail}`;
    expect(problems(set)).toEqual(['5:37: a result cannot be null: use a text, a number, true or false']);
    const handoff = `flow: f\nname: F\nstart: h\nnodes:\n  h: { type: handoff, urgency: alta, reason: x }\n`;
    expect(problems(handoff)).toEqual(['5:32: "urgency" must be "urgent" or "normal"']);
  });
});
