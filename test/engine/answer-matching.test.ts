import { describe, expect, it } from 'vitest';
import { normalizeAnswer } from '../../src/engine/index.js';
import { ChoiceTable } from '../../src/engine/nodes/choice-answers.js';

describe('normalizeAnswer', () => {
  it.each([
    ['  ¡Sí! 👍 ', 'si'],
    ['SÍ', 'si'],
    ['1.', '1'],
    [' 1 ', '1'],
    ['1)', '1'],
    ['#2', '2'],
    ['1️⃣', '1'],
    ['007', '7'],
    ['Más  o   menos...', 'mas o menos'],
    ['👍🏽', ''],
    ['Ñoño', 'nono'],
    ['🇲🇽 va', 'va'],
    ['"ok"', 'ok'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeAnswer(input)).toBe(expected);
  });
});

describe('ChoiceTable', () => {
  const table = ChoiceTable.build([
    { id: 'si', label: 'Sí', synonyms: ['claro', 'de acuerdo'] },
    { id: 'no', label: { 'es-MX': 'No', en: 'Nope' }, synonyms: ['ahorita no'] },
    { id: 'mas_o_menos', label: 'Más o menos', synonyms: [] },
  ]);

  it.each([
    ['1', 0],
    ['2.', 1],
    ['3', 2],
    ['si', 0],
    ['¡CLARO!', 0],
    ['De acuerdo', 0],
    ['nope', 1],
    ['AHORITA NO', 1],
    ['mas_o_menos', 2],
    ['más o menos', 2],
  ])('%j picks choice %i', (input, expected) => {
    expect(table.match(input)).toBe(expected);
  });

  it.each(['4', '0', '', 'sí no', 'claro que sí', '👍', '1 2'])('%j picks nothing', (input) => {
    expect(table.match(input)).toBeUndefined();
  });

  it('handles a 64 KB message quickly (no quadratic regex)', () => {
    const started = performance.now();
    expect(table.match(`${'!'.repeat(65_536)}x`)).toBeUndefined();
    expect(table.match(`sí${' '.repeat(65_536)}!`)).toBe(0);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('matches nothing for a key two choices share', () => {
    const ambiguous = ChoiceTable.build([
      { id: 'a', label: 'A', synonyms: ['ok'] },
      { id: 'b', label: 'B', synonyms: ['OK'] },
    ]);
    expect(ambiguous.match('ok')).toBeUndefined();
    expect(ambiguous.match('a')).toBe(0);
  });
});
