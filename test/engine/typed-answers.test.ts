import { describe, expect, it } from 'vitest';
import {
  EngineError,
  parseDatetimeAnswer,
  parseNumberAnswer,
  parseYesNoAnswer,
  readTypedAnswer,
  type RunContext,
} from '../../src/engine/index.js';

/** Monday 2 June 2025, 11:00 in Cancún (UTC−5). */
const MONDAY_11 = { now: '2025-06-02T16:00:00.000Z' };
/** Monday 2 June 2025, 22:00 in Cancún. */
const MONDAY_22 = { now: '2025-06-03T03:00:00.000Z' };

describe('number answers', () => {
  it.each([
    ['7', 7],
    [' 07. ', 7],
    ['2,5', 2.5],
    ['2.5', 2.5],
    ['Dieciséis', 16],
    ['CERO', 0],
    ['una', 1],
    ['veinte 👍', 20],
    ['２０', 20], // full-width digits
  ])('%j is %d', (text, expected) => {
    expect(parseNumberAnswer(text)).toBe(expected);
  });

  it.each(['muchos', 'como 3', '3 o 4', 'veintiuno', '', '1e5', '-'])('%j is not a number', (text) => {
    expect(parseNumberAnswer(text)).toBeUndefined();
  });

  it('applies min and max, saving the canonical text', () => {
    const ctx: RunContext = { ...MONDAY_11, language: 'es-MX', alias: null };
    expect(readTypedAnswer('number', 'diez', ctx, { min: 1, max: 10 })).toBe('10');
    expect(readTypedAnswer('number', '11', ctx, { min: 1, max: 10 })).toBeUndefined();
    expect(readTypedAnswer('number', '0', ctx, { min: 1 })).toBeUndefined();
  });
});

describe('yes/no answers', () => {
  it.each([
    ['Sí', 'si'],
    ['si', 'si'],
    ['¡Sí, claro!', 'si'],
    ['claro que sí', 'si'],
    ['SIMÓN', 'si'],
    ['ok 👍', 'si'],
    ['va', 'si'],
    ['yes', 'si'],
    ['No', 'no'],
    ['nel', 'no'],
    ['No, gracias.', 'no'],
    ['para nada', 'no'],
    ['ahorita no', 'no'],
  ])('%j is %j', (text, expected) => {
    expect(parseYesNoAnswer(text)).toBe(expected);
  });

  it.each(['sí y no', 'quién sabe', 'no sé', 'sino', '', '1'])('%j is neither', (text) => {
    expect(parseYesNoAnswer(text)).toBeUndefined();
  });
});

describe('free text answers', () => {
  it('keeps what she wrote, trimmed, and refuses an empty message', () => {
    const ctx: RunContext = { ...MONDAY_11, language: 'es-MX', alias: null };
    expect(readTypedAnswer('text', '  Dormí poco 😴 ', ctx)).toBe('Dormí poco 😴');
    expect(readTypedAnswer('text', '   ', ctx)).toBeUndefined();
  });
});

describe('date and time answers in Spanish (Cancún, UTC−5)', () => {
  it.each([
    // text, ISO instant (UTC), what it means in Cancún
    ['mañana a las 5', '2025-06-03T22:00:00.000Z'], // Tue 17:00: 1 to 6 mean the afternoon
    ['Mañana a las 5 👍', '2025-06-03T22:00:00.000Z'],
    ['hoy a las 17:30', '2025-06-02T22:30:00.000Z'],
    ['a las 5', '2025-06-02T22:00:00.000Z'], // today 17:00
    ['a las 3', '2025-06-02T20:00:00.000Z'], // today 15:00
    ['a las 9', '2025-06-03T02:00:00.000Z'], // 9:00 passed: today 21:00
    ['hoy a las 9', '2025-06-03T02:00:00.000Z'],
    ['a las 12', '2025-06-02T17:00:00.000Z'], // noon
    ['a las 5 de la tarde', '2025-06-02T22:00:00.000Z'],
    ['a las 8 de la noche', '2025-06-03T01:00:00.000Z'],
    ['mañana a las 9 de la mañana', '2025-06-03T14:00:00.000Z'],
    ['mañana a las 5 am', '2025-06-03T10:00:00.000Z'], // she said am: as written
    ['5pm', '2025-06-02T22:00:00.000Z'],
    ['5 p. m.', '2025-06-02T22:00:00.000Z'],
    ['17h30', '2025-06-02T22:30:00.000Z'],
    ['a las cinco y media', '2025-06-02T22:30:00.000Z'],
    ['a las 4 y cuarto', '2025-06-02T21:15:00.000Z'],
    ['a la una menos cuarto', '2025-06-02T17:45:00.000Z'], // 12:45
    ['el lunes', '2025-06-09T15:00:00.000Z'], // today is Monday: next Monday, 10:00
    ['el jueves que viene a las 10:15 a.m.', '2025-06-05T15:15:00.000Z'],
    ['este viernes en la tarde', '2025-06-06T21:00:00.000Z'], // 16:00
    ['el próximo domingo', '2025-06-08T15:00:00.000Z'],
    ['pasado mañana en la tarde', '2025-06-04T21:00:00.000Z'],
    ['mañana en la mañana', '2025-06-03T15:00:00.000Z'], // 10:00
    ['mañana temprano', '2025-06-03T14:00:00.000Z'], // 9:00
    ['esta noche', '2025-06-03T01:00:00.000Z'], // today 20:00
    ['al mediodía', '2025-06-02T17:00:00.000Z'],
    ['en 2 horas', '2025-06-02T18:00:00.000Z'],
    ['en dos horas', '2025-06-02T18:00:00.000Z'],
    ['en media hora', '2025-06-02T16:30:00.000Z'],
    ['en una hora y media', '2025-06-02T17:30:00.000Z'],
    ['en 15 minutos', '2025-06-02T16:15:00.000Z'],
    ['dentro de 3 días', '2025-06-05T16:00:00.000Z'],
    ['dame 10 minutos', '2025-06-02T16:10:00.000Z'],
    ['espérame media hora porfa', '2025-06-02T16:30:00.000Z'],
    ['sí, mejor mañana porfa', '2025-06-03T15:00:00.000Z'],
    ['ma\u200Bñana a las ５', '2025-06-03T22:00:00.000Z'], // a zero-width space, a full-width digit
  ])('%j → %s', (text, expected) => {
    expect(parseDatetimeAnswer(text, MONDAY_11)).toBe(expected);
  });

  it.each([
    'mañana no puedo', // a word that is not part of a date
    'hoy o mañana', // two days
    'a las 5 o a las 6',
    'el 15', // day of the month: not read
    'más tarde', // vague: flows offer it as a choice
    'hoy', // today at 10:00 already passed at 11:00
    'hoy a las 3 de la tarde y en 2 horas',
    'a las 25',
    'en 0 horas',
    'sí',
    '',
  ])('%j is not read', (text) => {
    expect(parseDatetimeAnswer(text, MONDAY_11)).toBeUndefined();
  });

  it('reads an hour already past today as tomorrow, and refuses a past time on a named day', () => {
    expect(parseDatetimeAnswer('a las 9', MONDAY_22)).toBe('2025-06-03T14:00:00.000Z'); // Tue 9:00
    expect(parseDatetimeAnswer('hoy a las 3 de la tarde', MONDAY_22)).toBeUndefined();
    expect(parseDatetimeAnswer('hoy en la noche', MONDAY_22)).toBeUndefined(); // 20:00 passed
  });

  it('reads in the time zone it is given', () => {
    expect(parseDatetimeAnswer('mañana a las 5', { ...MONDAY_11, timezone: 'America/Mexico_City' })).toBe('2025-06-03T23:00:00.000Z');
  });

  it('refuses a context it cannot read, with a coded error', () => {
    expect(() => parseDatetimeAnswer('mañana', { now: 'ayer' })).toThrowError(EngineError);
    expect(() => parseDatetimeAnswer('mañana', { ...MONDAY_11, timezone: 'Mars/Olympus' })).toThrowError(/INVALID_CONTEXT/);
  });

  it('handles a 64 KB message quickly', () => {
    const started = performance.now();
    expect(parseDatetimeAnswer(`mañana ${'a '.repeat(32_768)}`, MONDAY_11)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
