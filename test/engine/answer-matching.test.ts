import { describe, expect, it } from 'vitest';
import { normalizeAnswer } from '../../src/engine/index.js';
import { findYesNoInSentence } from '../../src/engine/answers/yes-no.js';
import { onlyGreets } from '../../src/engine/answers/greeting.js';
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
    ['\u{1D5E6}\u{1D5F6}', 'si'], // 𝗦𝗶, from a fancy-text keyboard
    ['２', '2'], // a full-width digit
    ['s\u200Bí', 'si'], // a zero-width space inside the word
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
    // A «Sí» / «No» choice also reads the built-in ways of saying yes or no.
    ['claro que sí', 0],
    ['Simón', 0],
    ['ajá', 0],
    ['nel', 1],
    ['nop', 1],
  ])('%j picks choice %i', (input, expected) => {
    expect(table.match(input)).toBe(expected);
  });

  it.each(['4', '0', '', 'sí no', '👍', '1 2'])('%j picks nothing', (input) => {
    expect(table.match(input)).toBeUndefined();
  });

  it('leaves a built-in yes or no to a choice whose own words hold it, and gives none to other choices', () => {
    const own = ChoiceTable.build([
      { id: 'si', label: 'Sí', synonyms: [] },
      { id: 'luego', label: 'Luego', synonyms: ['ok', 'ahorita no'] },
      { id: 'nunca', label: 'Nunca', synonyms: [] },
    ]);
    expect(own.match('ok')).toBe(1);
    expect(own.match('ahorita no')).toBe(1);
    expect(own.match('simón')).toBe(0);
    expect(own.match('nel')).toBeUndefined();
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

describe('ChoiceTable.matchInSentence', () => {
  const table = ChoiceTable.build([
    { id: 'bien', label: 'Bien', synonyms: ['estoy bien', 'mejor'] },
    { id: 'mas_o_menos', label: 'Más o menos', synonyms: ['ni bien ni mal'] },
    { id: 'mal', label: 'Mal', synonyms: ['no muy bien', 'triste'] },
  ]);

  it.each([
    ['me siento mal', 2],
    ['pues MAAAL', 2],
    ['la neta no muy bien', 2],
    ['ni bien ni mal la verdad', 1],
    ['estoy mejor 🙂', 0],
    ['biieen', 0],
    ['la 3', 2],
    ['opción dos', 1],
    ['el número 1', 0],
    ['tres', 2],
    ['3 gracias', 2],
    ['no, estoy bien', 0],
    ['bien, no te preocupes', 0],
    ['me siento \u{1D5FA}\u{1D5EE}\u{1D5F9}', 2], // 𝗺𝗮𝗹, from a fancy-text keyboard
    ['estoy bi\u200Ben', 0], // a zero-width space inside the word
    ['🙂', 0], // a smile for an answer is «bien», a sad face «mal»
    ['😢', 2],
  ])('%j picks choice %i', (input, expected) => {
    expect(table.matchInSentence(input)).toBe(expected);
  });

  it.each([
    'no estoy bien',
    'no me siento bien',
    'nunca estoy bien',
    'he estado mejor',
    'a lo mejor',
    'bien y mal',
    'la 4',
    'la 1 o la 3',
    'a las 3 de la tarde',
    'tengo 2 hijos',
    'estoy bien pero no sé',
    '¿bien?',
    'triste pero bien',
    '',
    '😂', // tears of laughter, or not: no face that can turn around is read
    '🙂😢',
  ])('%j picks nothing (a re-ask)', (input) => {
    expect(table.matchInSentence(input)).toBeUndefined();
  });

  it('reads only the first 40 words: a long message is for a person', () => {
    expect(table.matchInSentence(`${'hoy '.repeat(40)}mal`)).toBeUndefined();
    expect(table.matchInSentence(`${'hoy '.repeat(30)}mal`)).toBe(2);
  });

  it('handles a 64 KB message quickly (no quadratic work)', () => {
    const started = performance.now();
    expect(table.matchInSentence(`${'!'.repeat(65_536)}mal`)).toBe(2);
    expect(table.matchInSentence('a'.repeat(65_536))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('findYesNoInSentence', () => {
  it.each([
    ['sí, ahorita puedo', 'si'],
    ['siiii', 'si'],
    ['sii', 'si'],
    ['👍', 'si'],
    ['👍🏾', 'si'],
    ['ok va', 'si'],
    ['no, gracias, así estoy', 'no'],
    ['noo', 'no'],
    ['👎', 'no'],
    ['sí pero no', undefined],
    ['sí 👎', undefined],
    ['no sé', undefined],
    ['tal vez sí', undefined],
    ['¿sí?', undefined],
  ] as const)('%j → %s', (input, expected) => {
    expect(findYesNoInSentence(input)).toBe(expected);
  });
});

describe('onlyGreets', () => {
  it.each(['hola', 'Holaaa 👋', 'hola, buenas tardes', '¿Qué tal?', 'buenos días 🙂', 'holis', 'hola?'])('reads %j as only a greeting', (text) => {
    expect(onlyGreets(text)).toBe(true);
  });

  it.each(['hola, sí', 'hola estoy bien', 'buenas, me siento mal', 'hola ana', '👋😢', '?', '', 'que'])('reads %j as more than a greeting', (text) => {
    expect(onlyGreets(text)).toBe(false);
  });
});
