import { describe, expect, it } from 'vitest';
import { parseFlowSource } from '../../src/engine/index.js';

/** Diagnostics of an inline flow, as `line:column: message` in Spanish (the flow authors' language) unless asked. */
function problems(source: string, expectedFlowId?: string, language: 'es' | 'en' = 'es'): string[] {
  const result = parseFlowSource(source, { file: 'f.yaml', expectedFlowId });
  return result.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message[language]}`);
}

const tail = `
  fin:
    type: end
    outcome: completado
`;

describe('flow diagnostics in plain words', () => {
  it('names an unknown language with the allowed ones', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text:\n      es-MX: "Hola"\n      fr: "Salut"\n    next: fin${tail}`;
    expect(problems(source)).toEqual(['9:7: idioma desconocido "fr" (idiomas: es-MX, en, yua)']);
  });

  it('lists the allowed fields when nothing is close to the unknown one', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text: "Hola"\n    colour: red\n    next: fin${tail}`;
    expect(problems(source)).toEqual(['8:5: campo desconocido "colour" (aquí se permiten: type, text, template, next)']);
  });

  it('names several unknown fields at the first one', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    texto: "Hola"\n    text: "Hola"\n    siguiente: fin\n    next: fin${tail}`;
    expect(problems(source)).toEqual(['7:5: campos desconocidos "texto", "siguiente" (aquí se permiten: type, text, template, next)']);
  });

  it('reports a field written twice, with its position', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text: "Hola"\n    next: fin\n    next: a${tail}`;
    expect(problems(source)).toEqual(['9:5: el campo "next" está escrito dos veces aquí']);
  });

  it('reports a missing node type with the kinds available', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    text: "Hola"\n    next: fin${tail}`;
    expect(problems(source)).toEqual(['5:3: falta el campo obligatorio "type" (uno de: message, question, branch, set, handoff, schedule, goto, end)']);
  });

  it('rejects node ids with capitals or accents, at the id', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text: "Hola"\n    next: fin\n  Atención:\n    type: message\n    text: "x"\n    next: fin${tail}`;
    expect(problems(source)).toEqual([
      '9:3: "Atención": los ids de nodo usan letras minúsculas sin acentos, dígitos, "_" o "-", y empiezan con una letra (como despedida_neutra)',
    ]);
  });

  it('rejects a file that is a list instead of fields', () => {
    expect(problems('- a\n- b\n')).toEqual(['1:1: un archivo de flujo debe ser un conjunto de campos: flow, name, start y nodes']);
  });

  it('keeps every message in English too, for --lang en', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text: "Hola"\n    colour: red\n    next: fin${tail}`;
    const result = parseFlowSource(source, { file: 'f.yaml' });
    expect(result.diagnostics.map((d) => d.message.en)).toEqual(['unknown field "colour" (allowed here: type, text, template, next)']);
    expect(problems('- a\n- b\n', undefined, 'en')).toEqual(['1:1: a flow file must be a set of fields: flow, name, start and nodes']);
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
      '11:20: "👍" no tiene letras ni dígitos sin contar emojis ni puntuación, así que ninguna respuesta puede coincidir',
    ]);
  });

  it('reports a question whose choices list is empty', () => {
    const source = `flow: f\nname: F\nstart: q\nnodes:\n  q:\n    type: question\n    text: "¿Sí?"\n    choices: []\n    on_give_up: fin${tail}`;
    expect(problems(source)).toEqual(['8:14: "choices" necesita al menos 1 elemento']);
  });

  it('reports a message pointing to itself as a loop', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text: "Hola"\n    next: a`;
    expect(problems(source)).toEqual([
      '5:3: los nodos "a" → "a" forman un ciclo sin ninguna pregunta, así que el flujo nunca dejaría de enviar mensajes',
    ]);
  });

  it('accepts a loop that passes through a question', () => {
    const source = `flow: f\nname: F\nstart: a\nnodes:\n  a:\n    type: message\n    text: "Hola"\n    next: q\n  q:\n    type: question\n    text: "¿Otra vez?"\n    choices:\n      - { id: si, label: "Sí", next: a }\n      - { id: "no", label: "No", next: fin }\n    on_give_up: fin${tail}`;
    expect(problems(source)).toEqual([]);
  });

  it('checks the flow id only when the file name is known', () => {
    const source = `flow: f\nname: F\nstart: fin\nnodes:${tail}`;
    expect(problems(source)).toEqual([]);
    expect(problems(source, 'g')).toEqual(['1:7: el id del flujo "f" debe ser igual al nombre del archivo "g"']);
  });
});

describe('diagnostics of the newer node kinds', () => {
  const head = 'flow: f\nname: F\nstart: q\nnodes:\n';

  it('wants a question to have choices or an answer type, and a timeout of at least a minute', () => {
    expect(problems(`${head}  q:\n    type: question\n    text: "¿Y?"\n${tail}`)).toEqual([
      '5:3: una pregunta necesita "choices", un tipo de respuesta "answer", o los dos',
      '9:3: al nodo "fin" nunca se llega desde el nodo de inicio "q"',
    ]);
    const timeout = `${head}  q:\n    type: question\n    text: "¿Y?"\n    answer: number\n    next: fin\n    on_give_up: fin\n    timeout: { after: PT10S, next: fin }\n${tail}`;
    expect(problems(timeout)).toEqual(['11:23: "after" debe estar entre 1 minuto (PT1M) y 30 días (P30D)']);
  });

  it('names fields that would never be used', () => {
    const source = `${head}  q:\n    type: question\n    text: "¿Y?"\n    choices: [{ id: a, label: "A", next: fin }]\n    next: fin\n    min: 1\n    on_yes: fin\n    on_give_up: fin\n${tail}`;
    expect(problems(source)).toEqual([
      '9:5: las opciones siguen con su propio "next"; "next" solo se usa con un tipo de respuesta "answer"',
      '10:5: "min" solo se usa con "answer: number"',
      '11:5: "on_yes" solo se usa con "answer: yes_no"',
    ]);
  });

  it('wants a branch on a result or field to say where to go otherwise', () => {
    const source = `flow: f\nname: F\nstart: b\nnodes:\n  b:\n    type: branch\n    field: tiene_cita\n    cases:\n      - { when: true, next: fin }\n${tail}`;
    expect(problems(source)).toEqual(['5:3: falta el campo obligatorio "default": a dónde ir cuando ningún caso coincide']);
  });

  it('refuses a null result and an unknown urgency', () => {
    const set = `flow: f\nname: F\nstart: s\nnodes:\n  s: { type: set, result: r, value: null, next: fin }\n${tail}`;
    expect(problems(set)).toEqual(['5:37: un resultado no puede ser null: usa un texto, un número, true o false']);
    const handoff = `flow: f\nname: F\nstart: h\nnodes:\n  h: { type: handoff, urgency: alta, reason: x }\n`;
    expect(problems(handoff)).toEqual(['5:32: "urgency" debe ser "urgent" o "normal"']);
  });
});
