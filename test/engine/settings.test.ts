import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  asksOtherHours,
  DEFAULT_ACKNOWLEDGMENTS,
  DEFAULT_DENY_WORDS,
  DEFAULT_HOURS_REQUEST_CONTACT,
  DEFAULT_HOURS_REQUEST_TIMES,
  DEFAULT_PERSON_REQUEST_WORDS,
  DEFAULT_RISK_SIGNALS,
  DEFAULT_WHO_IS_WRITING_WORDS,
  detectHoursRequest,
  detectWhoIsWriting,
  detectInterrupt,
  detectPersonRequest,
  loadSettings,
  mentionsRisk,
  onlyAcknowledges,
  parseSettingsSource,
} from '../../src/engine/index.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'settings');
const SHIPPED = join(import.meta.dirname, '..', '..', 'flows', 'ajustes.yaml');

/** Each fixture is wrong in one way; the diagnostics name the exact place. */
const cases: Array<[file: string, expected: string[]]> = [
  [
    'denied-reply.yaml',
    [
      '3:18: "caso" está en la lista de palabras prohibidas ("caso" en deny_words): solo la respuesta de emergencia puede nombrarla',
      '7:25: "Unidad" está en la lista de palabras prohibidas ("unidad" en deny_words): solo la respuesta de emergencia puede nombrarla',
      '9:10: aviso: no hay traducción "en": se envía la de es-MX (otros textos de aquí sí la tienen)',
      '3:10: aviso: no hay traducción "en": se envía la de es-MX (otros textos de aquí sí la tienen)',
      '1:1: aviso: la respuesta person_request.reply predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe person_request.reply con ellas',
      '1:1: aviso: la respuesta person_request.long_message_reply predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe person_request.long_message_reply con ellas',
      '1:1: aviso: la respuesta who_is_writing.reply predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe who_is_writing.reply con ellas',
      '1:1: aviso: la respuesta hours_request.reply predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe hours_request.reply con ellas',
      '1:1: aviso: la respuesta emergency.reply_after_hours predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe emergency.reply_after_hours con ellas',
      '1:1: aviso: la respuesta person_request.reply_after_hours predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe person_request.reply_after_hours con ellas',
      '1:1: aviso: la respuesta person_request.long_message_reply_after_hours predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe person_request.long_message_reply_after_hours con ellas',
    ],
  ],
  ['word-in-two-lists.yaml', ['4:11: "AYUDA" es una palabra para darse de baja y también una palabra de emergencia: déjala en una sola lista']],
  ['unknown-field.yaml', ['1:1: campo desconocido "emergencia" (¿quisiste decir "emergency"?)']],
  ['placeholder-in-reply.yaml', ['2:17: "{{alias}}": estos textos no pueden usar marcadores']],
  [
    'after-hours-placeholder.yaml',
    [
      '2:43: "{{atencion_hora}}" solo se puede usar en los textos para cuando no hay nadie del personal en horario (text_after_hours, reply_after_hours)',
      '3:30: marcador desconocido "{{alias}}": solo se pueden usar {{atencion_hora}}',
    ],
  ],
  ['missing-es-mx.yaml', ['2:3: las traducciones necesitan un texto "es-MX" (es el que se usa cuando falta una traducción)']],
  [
    'empty-word.yaml',
    [
      '2:18: "👍" no tiene letras ni dígitos, así que ningún mensaje puede coincidir',
      '3:14: "¡!" no tiene letras ni dígitos, así que nunca se puede encontrar',
    ],
  ],
];

describe('the settings file (ajustes.yaml)', () => {
  for (const [name, expected] of cases) {
    it(`${name} is rejected at the right place`, async () => {
      const file = join(FIXTURES, name);
      const result = await loadSettings(file);
      expect(result.ok).toBe(false);
      expect(result.diagnostics.map((d) => d.formatted).sort()).toEqual(expected.map((line) => `${file}:${line}`).sort());
    });
  }

  it('warns, without failing, when a reply lacks a translation the others have', async () => {
    const file = join(FIXTURES, 'missing-translation.yaml');
    const result = await loadSettings(file);
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => d.formatted)).toEqual([
      `${file}:1:1: aviso: la respuesta emergency.reply predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe emergency.reply con ellas`,
      `${file}:1:1: aviso: la respuesta emergency.reply_after_hours predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe emergency.reply_after_hours con ellas`,
      `${file}:1:1: aviso: la respuesta person_request.reply predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe person_request.reply con ellas`,
      `${file}:1:1: aviso: la respuesta person_request.long_message_reply predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe person_request.long_message_reply con ellas`,
      `${file}:1:1: aviso: la respuesta person_request.reply_after_hours predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe person_request.reply_after_hours con ellas`,
      `${file}:1:1: aviso: la respuesta person_request.long_message_reply_after_hours predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe person_request.long_message_reply_after_hours con ellas`,
      `${file}:1:1: aviso: la respuesta who_is_writing.reply predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe who_is_writing.reply con ellas`,
      `${file}:1:1: aviso: la respuesta hours_request.reply predeterminada no tiene una traducción que las otras respuestas sí tienen: escribe hours_request.reply con ellas`,
      `${file}:6:10: aviso: no hay traducción "en": se envía la de es-MX (otros textos de aquí sí la tienen)`,
    ]);
  });

  it('exempts the emergency reply from the deny-list, on purpose', () => {
    const result = parseSettingsSource('emergency:\n  reply: "Si estás en peligro, llama al 911."\n', { file: 'a.yaml' });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok && detectInterrupt(result.settings, 'ayuda', { isCodeWord: false })?.reply).toBe('Si estás en peligro, llama al 911.');
  });

  it('means every default when empty, and lists replace the defaults', () => {
    const empty = parseSettingsSource('', { file: 'a.yaml' });
    expect(empty.ok && empty.settings.definition.deny_words).toEqual(DEFAULT_DENY_WORDS);
    const partial = parseSettingsSource('emergency:\n  words: [AUXILIO]\n', { file: 'a.yaml' });
    expect(partial.ok && partial.settings.definition.emergency.words).toEqual(['AUXILIO']);
    expect(partial.ok && detectInterrupt(partial.settings, 'ayuda', { isCodeWord: false })).toBeNull();
    expect(partial.ok && partial.settings.definition.opt_out.words).toEqual(['BAJA', 'ALTO', 'STOP']);
  });

  it('finds a risk signal anywhere, as whole words, accents, case and drawn-out letters aside; [] turns it off', () => {
    const empty = parseSettingsSource('', { file: 'a.yaml' });
    if (!empty.ok) throw new Error('the empty settings must load');
    expect(empty.settings.definition.risk_signals.words).toEqual(DEFAULT_RISK_SIGNALS);
    for (const text of ['Más o menos, tengo miedo de que regrese', 'ME AMENAZO otra vez', 'anoche me pegooo', 'a veces me quiero morir', 'ya no tengo miedo']) {
      expect(mentionsRisk(empty.settings, text)).toBe(true);
    }
    // An emergency word she negates gets no emergency reply: a person reads it as a risk signal.
    for (const text of ['no necesito ayuda', 'ya no estoy en peligro, gracias', 'no necesito ayudaa']) {
      expect(mentionsRisk(empty.settings, text)).toBe(true);
    }
    for (const text of ['estoy bien, gracias', 'la perrita es bien miedosa', 'me pegué con la puerta', 'mañana a las 10', 'gracias por tu ayuda']) {
      expect(mentionsRisk(empty.settings, text)).toBe(false);
    }
    const own = parseSettingsSource('risk_signals:\n  words: [me celó]\n', { file: 'a.yaml' });
    expect(own.ok && mentionsRisk(own.settings, 'me celó otra vez')).toBe(true);
    expect(own.ok && mentionsRisk(own.settings, 'tengo miedo')).toBe(false);
    const off = parseSettingsSource('risk_signals:\n  words: []\n', { file: 'a.yaml' });
    expect(off.ok && mentionsRisk(off.settings, 'tengo miedo')).toBe(false);
  });

  it('finds her request for a person as whole words, not negated in its clause, never as an interrupt before the flow', () => {
    const empty = parseSettingsSource('', { file: 'a.yaml' });
    if (!empty.ok) throw new Error('the empty settings must load');
    expect(empty.settings.definition.person_request.words).toEqual(DEFAULT_PERSON_REQUEST_WORDS);
    for (const text of ['quiero hablar con una persona por favor', 'si pero quiero hablar con una persona de verdad, no con un robot', '¿Eres un robot?', 'que me llamen porfa', 'HABLAR CON LA PSICOLOGA', 'no, quiero hablar con alguien']) {
      expect(detectPersonRequest(empty.settings, text)).toEqual({ kind: 'person_request', reply: 'Claro que sí. En un ratito te escribe por aquí una persona de confianza.' });
      expect(detectInterrupt(empty.settings, text, { isCodeWord: false })).toBeNull();
    }
    for (const text of ['no quiero hablar con alguien ahorita', 'ya no necesito hablar con una persona', 'mi hermana quiere hablarte', 'estoy bien']) {
      expect(detectPersonRequest(empty.settings, text)).toBeNull();
    }
    const story = `${'anoche llegó tarde otra vez y se puso a gritar, '.repeat(5)}ya no sé qué hacer`;
    expect(detectPersonRequest(empty.settings, story)?.reply).toBe('Gracias por contarme. En un ratito te escribe por aquí una persona de confianza.');
    expect(detectPersonRequest(empty.settings, 'anoche llegó tarde otra vez y se puso a gritar')).toBeNull();
    const own = parseSettingsSource('person_request:\n  words: [con la licenciada Rosa]\n  reply: "Va, en un rato te escriben."\n', { file: 'a.yaml' });
    expect(own.ok && detectPersonRequest(own.settings, 'quiero hablar con la licenciada Rosa')?.reply).toBe('Va, en un rato te escriben.');
  });

  it('finds someone asking who is writing, or saying the number is not hers, anywhere as whole words, never before the flow', () => {
    const empty = parseSettingsSource('', { file: 'a.yaml' });
    if (!empty.ok) throw new Error('the empty settings must load');
    expect(empty.settings.definition.who_is_writing.words).toEqual(DEFAULT_WHO_IS_WRITING_WORDS);
    for (const text of ['¿Quién eres?', 'quien es???', 'y tú quién eres', '¿De parte de quién?', 'número equivocado', 'Se equivocó de número', '¿Cómo tienes mi número?', 'no te conozco']) {
      expect(detectWhoIsWriting(empty.settings, text)).toEqual({ kind: 'who_is_writing', reply: 'Perdón, luego te escribo. ¡Que tengas bonito día!' });
      expect(detectInterrupt(empty.settings, text, { isCodeWord: false })).toBeNull();
    }
    for (const text of ['¿quiénes son ustedes?', 'estoy bien', 'mi número de cuenta', 'no conozco a nadie aquí', 'es él']) {
      expect(detectWhoIsWriting(empty.settings, text)).toBeNull();
    }
    const own = parseSettingsSource('who_is_writing:\n  words: [quién manda]\n  reply: "Soy Rosa 🙂 Al rato te escribo."\n', { file: 'a.yaml' });
    expect(own.ok && detectWhoIsWriting(own.settings, '¿quién manda?')?.reply).toBe('Soy Rosa 🙂 Al rato te escribo.');
    expect(own.ok && detectWhoIsWriting(own.settings, '¿quién eres?')).toBeNull();
    const off = parseSettingsSource('who_is_writing:\n  words: []\n', { file: 'a.yaml' });
    expect(off.ok && detectWhoIsWriting(off.settings, '¿quién eres?')).toBeNull();
    const denied = parseSettingsSource('who_is_writing:\n  reply: "Soy tu psicóloga."\n', { file: 'a.yaml' });
    expect(denied.diagnostics.map((d) => d.formatted)).toEqual([
      'a.yaml:2:18: "psicóloga" está en la lista de palabras prohibidas ("psicologa" en deny_words): solo la respuesta de emergencia puede nombrarla',
    ]);
  });

  it('finds her request for other hours only where a time and a word of writing to her meet, never as an interrupt before the flow', () => {
    const empty = parseSettingsSource('', { file: 'a.yaml' });
    if (!empty.ok) throw new Error('the empty settings must load');
    expect(empty.settings.definition.hours_request).toMatchObject({ times: DEFAULT_HOURS_REQUEST_TIMES, contact: DEFAULT_HOURS_REQUEST_CONTACT });
    const asks = [
      'no me escribas en la mañana',
      'NO ME ESCRIBAS TAN TEMPRANOOO porfa',
      'mejor escríbeme cuando esté sola',
      '¿me marcas en la noche?',
      'a esta hora no puedo contestar',
      'los fines de semana no me mandes nada',
      'escríbanme después de las 3',
      'bien, pero no me escribas tan temprano',
    ];
    for (const text of asks) {
      expect(asksOtherHours(empty.settings, text)).toBe(true);
      expect(detectHoursRequest(empty.settings, text)).toEqual({ kind: 'hours_request', reply: 'Va, lo tomo en cuenta. Gracias por avisarme.' });
      expect(detectInterrupt(empty.settings, text, { isCodeWord: false })).toBeNull();
    }
    // A time alone, a word of writing alone, «mañana» or «más tarde» (another moment, not other
    // hours), or what someone else does («me escribe en las noches»).
    const tells = ['en las noches no duermo', 'escríbeme más tarde', 'escríbeme mañana', 'no me escribas', 'me escribe en las noches y me da miedo', 'me siento mal en las mañanas', 'estoy bien, gracias'];
    for (const text of tells) {
      expect(asksOtherHours(empty.settings, text)).toBe(false);
      expect(detectHoursRequest(empty.settings, text)).toBeNull();
    }
    const own = parseSettingsSource('hours_request:\n  times: [en la quincena]\n  reply: "Sale, gracias."\n', { file: 'a.yaml' });
    expect(own.ok && detectHoursRequest(own.settings, 'en la quincena no me escribas')?.reply).toBe('Sale, gracias.');
    expect(own.ok && asksOtherHours(own.settings, 'no me escribas en la mañana')).toBe(false);
    const off = parseSettingsSource('hours_request:\n  times: []\n', { file: 'a.yaml' });
    expect(off.ok && asksOtherHours(off.settings, 'no me escribas en la mañana')).toBe(false);
  });

  it('refuses an hours-request reply with a denied word, or a time without letters, naming the place', () => {
    const result = parseSettingsSource('hours_request:\n  times: [en la tarde, "¿?"]\n  reply: "Va, se lo paso a tu psicóloga."\n', { file: 'a.yaml' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.formatted).sort()).toEqual([
      'a.yaml:2:24: "¿?" no tiene letras ni dígitos, así que nunca se puede encontrar',
      'a.yaml:3:31: "psicóloga" está en la lista de palabras prohibidas ("psicologa" en deny_words): solo la respuesta de emergencia puede nombrarla',
    ]);
  });

  it('reads a message made only of thanks, «ok» and listed emoji as an acknowledgment, whatever the skin tone', () => {
    const empty = parseSettingsSource('', { file: 'a.yaml' });
    if (!empty.ok) throw new Error('the empty settings must load');
    expect(empty.settings.definition.acknowledgments.words).toEqual(DEFAULT_ACKNOWLEDGMENTS);
    for (const text of ['gracias', 'Muchas gracias!!', 'ok, graciaaas 👍🏽', 'ok graciaas', 'va 🙏🙏', '❤️', '❤', 'Gracias por todo. Dios la bendiga 🌷', 'okis', 'Está bien, gracias por preguntar']) {
      expect(onlyAcknowledges(empty.settings, text)).toBe(true);
    }
    for (const text of ['gracias, pero me siento mal', 'ok 2', '😢', '👍😢', '?', '', 'gracias por nada', 'sí gracias', 'hola']) {
      expect(onlyAcknowledges(empty.settings, text)).toBe(false);
    }
    const own = parseSettingsSource('acknowledgments:\n  words: [chido, "✨"]\n', { file: 'a.yaml' });
    expect(own.ok && onlyAcknowledges(own.settings, 'chido ✨')).toBe(true);
    expect(own.ok && onlyAcknowledges(own.settings, 'gracias')).toBe(false);
    const off = parseSettingsSource('acknowledgments:\n  words: []\n', { file: 'a.yaml' });
    expect(off.ok && onlyAcknowledges(off.settings, 'gracias')).toBe(false);
  });

  it('refuses an acknowledgment that is neither words nor an emoji, or is also in another list, naming the place', () => {
    const result = parseSettingsSource('acknowledgments:\n  words: [gracias, "!!", "👍", hablar con alguien]\nperson_request:\n  words: [hablar con alguien]\n', { file: 'a.yaml' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.formatted)).toEqual([
      'a.yaml:2:20: "!!" no tiene letras, dígitos ni emoji, así que ningún mensaje puede coincidir',
      'a.yaml:2:32: "hablar con alguien" es una petición de persona y también un agradecimiento: déjala en una sola lista',
    ]);
  });

  it('refuses a request-for-a-person reply with a denied word, naming the place', () => {
    const result = parseSettingsSource('person_request:\n  reply: "Claro. Te escribe tu psicóloga."\n', { file: 'a.yaml' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.formatted)).toEqual([
      'a.yaml:2:32: "psicóloga" está en la lista de palabras prohibidas ("psicologa" en deny_words): solo la respuesta de emergencia puede nombrarla',
    ]);
  });

  it('refuses a risk signal that is also an emergency word, naming the place', () => {
    const result = parseSettingsSource('emergency:\n  words: [AYUDA]\nrisk_signals:\n  words: [miedo, ayuda]\n', { file: 'a.yaml' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => d.formatted)).toEqual(['a.yaml:4:18: "ayuda" es una palabra de emergencia y también una señal de riesgo: déjala en una sola lista']);
  });

  it('ships flows/ajustes.yaml without problems, with replies in es-MX and en', async () => {
    const result = await loadSettings(SHIPPED);
    expect(result.diagnostics).toEqual([]);
    if (!result.ok) return;
    expect(detectInterrupt(result.settings, 'ayuda', { isCodeWord: false, language: 'en' })?.reply).toMatch(/^If you are in danger, call 911 now/);
    expect(detectInterrupt(result.settings, 'x', { isCodeWord: true })?.reply).toBe('Ok, gracias 👍');
    expect(result.settings.definition.deny_words).toEqual(expect.arrayContaining(['violencia', 'agresor', 'denuncia', '911', 'C5']));
    expect(mentionsRisk(result.settings, 'me amenazó y tengo miedo')).toBe(true);
    expect(detectPersonRequest(result.settings, 'quiero hablar con una persona', 'en')?.reply).toBe('Of course. Someone you can trust will write to you here shortly.');
    expect(detectHoursRequest(result.settings, "don't write me en la mañana, no me escribas", 'en')?.reply).toBe("Okay, I'll keep that in mind. Thanks for letting me know.");
    expect(detectWhoIsWriting(result.settings, '¿quién eres?')?.reply).toBe('Soy Ana 🙂 Luego te escribo. ¡Que tengas bonito día!');
    expect(result.settings.definition.who_is_writing.words).toEqual(DEFAULT_WHO_IS_WRITING_WORDS);
    expect(result.settings.definition.hours_request).toMatchObject({ times: DEFAULT_HOURS_REQUEST_TIMES, contact: DEFAULT_HOURS_REQUEST_CONTACT });
  });
});
