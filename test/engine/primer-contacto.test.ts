import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  kindOf,
  loadFlowFile,
  normalizeAnswer,
  start,
  textVersions,
  type CompiledFlow,
  type FlowDefinition,
} from '../../src/engine/index.js';

const FILE = join(import.meta.dirname, '..', '..', 'flows', 'primer-contacto.yaml');

/** Words that must never reach her phone (compared without accents or case, as whole words). */
const UNSAFE_WORDS = [
  'violencia', 'violento', 'agresor', 'agresion', 'maltrato', 'abuso', 'golpe', 'golpes', '911', 'emergencia',
  'denuncia', 'denunciar', 'victima', 'caso', 'expediente', 'folio', 'policia', 'fiscalia', 'c5', 'unidad',
  'instituto', 'psicologa', 'psicologo', 'seguimiento', 'pareja', 'esposo', 'novio',
];

let definition: FlowDefinition;
let flow: CompiledFlow;

beforeAll(async () => {
  const result = await loadFlowFile(FILE);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.formatted).join('\n'));
  expect(result.diagnostics).toEqual([]);
  flow = result.flow;
  definition = result.flow.definition;
});

function allTexts(): Array<{ node: string; text: string }> {
  return Object.entries(definition.nodes).flatMap(([node, def]) =>
    kindOf(def)
      .texts(def)
      .flatMap(({ text }) => textVersions(text).map(([, version]) => ({ node, text: version }))),
  );
}

/** Node ids reachable from `from` (included). */
function reachableFrom(from: string): Set<string> {
  const seen = new Set([from]);
  const pending = [from];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    const node = definition.nodes[id];
    if (!node) continue;
    for (const { target } of kindOf(node).edges(node)) {
      if (!seen.has(target)) {
        seen.add(target);
        pending.push(target);
      }
    }
  }
  return seen;
}

describe('flows/primer-contacto.yaml', () => {
  it('uses no word that could give her away', () => {
    const found = allTexts().flatMap(({ node, text }) => {
      const words = new Set(normalizeAnswer(text).split(/[^\p{L}\p{N}]+/u));
      return UNSAFE_WORDS.filter((word) => words.has(word)).map((word) => `${node}: ${word}`);
    });
    expect(found).toEqual([]);
  });

  it('opens with a neutral greeting by her alias, then the safety check', () => {
    const { events } = start(flow, { now: '2025-06-02T16:00:00.000Z', language: 'es-MX', alias: 'Lupita' });
    const first = events[0];
    expect(first?.type === 'message' && first.text.split('\n')[0]).toBe('Hola Lupita, soy Ana. ¡Espero que estés muy bien!');
    expect(events[1]).toEqual({
      type: 'message',
      node: 'momento',
      text: '¿Es buen momento para platicar? Responde 1 para sí o 2 para no.',
    });
  });

  it('continues past the safety check only with a clear yes', () => {
    const momento = definition.nodes['momento'];
    if (momento?.type !== 'question') throw new Error('momento must be a question');
    expect(momento.choices.map((choice) => choice.id)).toEqual(['si', 'no']);
    const exits = [...momento.choices.filter((choice) => choice.id !== 'si').map((choice) => choice.next), momento.on_give_up];
    for (const exit of exits) {
      const after = [...reachableFrom(exit)].map((id) => definition.nodes[id]?.type);
      expect(after.every((type) => type === 'message' || type === 'end'), `after ${exit}: ${after.join(',')}`).toBe(true);
    }
  });

  it('suggests deleting the chat only after the safety check passed', () => {
    const momento = definition.nodes['momento'];
    if (momento?.type !== 'question') throw new Error('momento must be a question');
    const withDeleteAdvice = allTexts().filter(({ text }) => /borrar/i.test(text)).map(({ node }) => node);
    expect(withDeleteAdvice).toEqual(['cierre']);
    const beforeYes = new Set(['saludo', 'momento', ...momento.choices.filter((c) => c.id !== 'si').flatMap((c) => [...reachableFrom(c.next)]), ...reachableFrom(momento.on_give_up)]);
    expect(beforeYes.has('cierre')).toBe(false);
  });

  it('asks how she feels with 3 or 4 choices, each with synonyms, saved as a result', () => {
    const question = definition.nodes['como_te_sientes'];
    if (question?.type !== 'question') throw new Error('como_te_sientes must be a question');
    expect(question.choices.length).toBeGreaterThanOrEqual(3);
    expect(question.choices.length).toBeLessThanOrEqual(4);
    expect(question.choices.every((choice) => choice.synonyms.length > 0)).toBe(true);
    expect(question.save_as).toBe('como_se_siente');
  });

  it('ends with an outcome for each path', () => {
    const outcomes = Object.values(definition.nodes).flatMap((node) => (node.type === 'end' ? [node.outcome] : []));
    expect(outcomes.sort()).toEqual(['completado', 'no_es_buen_momento', 'pide_persona', 'sin_respuesta']);
  });
});
