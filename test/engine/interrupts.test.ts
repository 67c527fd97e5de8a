import { describe, expect, it } from 'vitest';
import {
  applyInterrupt,
  compileSettings,
  DEFAULT_SETTINGS,
  DenyList,
  detectHoursRequest,
  detectFallbackInterrupt,
  detectInterrupt,
  detectWhoIsWriting,
  normalizeCodeWord,
  codeWordForms,
  codeWordProblem,
  settingsSchema,
  type FlowSession,
} from '../../src/engine/index.js';

const settings = compileSettings(
  settingsSchema.parse({
    opt_out: { words: ['BAJA', 'ALTO', 'STOP', 'ya no me escribas'], reply: { 'es-MX': 'Listo.', en: 'Done.' } },
    emergency: { words: ['AYUDA', 'PELIGRO', 'SOS', '911', 'me quiere matar'], reply: 'Llama al 911.' },
    code_word: { reply: 'Ok, gracias 👍' },
  }),
);
const kind = (text: string, isCodeWord = false) => detectInterrupt(settings, text, { isCodeWord })?.kind ?? null;

describe('interrupts, before any flow step', () => {
  it.each([
    ['AYUDA', 'emergency'],
    ['ayuda', 'emergency'],
    ['Ayúda', 'emergency'],
    ['  ¡¡AYUDA!!  ', 'emergency'],
    ['necesito ayuda por favor', 'emergency'],
    ['AYUDAAAA', 'emergency'],
    ['ayudaa', 'emergency'], // a doubled letter is forgiven, as in answers ("sii")
    ['peligroo porfa', 'emergency'],
    ['me quiere mattar', 'emergency'],
    ['📷 AYUDA por favor', 'emergency'], // a photo's caption goes through the same check
    ['peligro 😰', 'emergency'],
    ['ya llamé al 911', 'emergency'],
    ['9️⃣1️⃣1️⃣', 'emergency'],
    ['creo que me quiere matar', 'emergency'],
    ['sí necesito ayuda', 'emergency'],
    ['no, necesito ayuda', 'emergency'], // the negation is in another clause
    ['no sé si estoy en peligro', 'emergency'], // the negation is of something else
    ['no puedo más ayuda', 'emergency'], // typed without a comma: still a cry
    ['no se que hacer ayuda', 'emergency'],
    ['gracias, pero necesito ayuda', 'emergency'],
    ['gracias por todo, ayuda', 'emergency'],
    ['gracias por la ayuda pero ya no puedo, ayuda', 'emergency'], // thanks for one, a cry in another clause
    ['fue de mucho peligro', 'emergency'], // only help can be praised
    ['fue él ayuda', 'emergency'],
    ['fue horrible ayuda', 'emergency'],
    ['fueron de mucha ayuda pero ahorita necesito ayuda', 'emergency'],
    ['me pegó, fue él, ayuda', 'emergency'],
    ['no me dieron ayuda', 'emergency'], // no help she got: a person reads it
    ['no fue de mucha ayuda', 'emergency'],
    ['lo que necesito es ayuda', 'emergency'],
    ['lo único que quiero es una ayuda', 'emergency'],
    ['me urge, es de mucha ayuda que vengan', 'emergency'],
    ['es ayuda', 'emergency'],
    ['lo que pedí fue ayuda', 'emergency'],
    ['fuera de aquí hay peligro', 'emergency'],
    ['mi mamá me ayuda con los niños', 'emergency'], // «¿me ayuda?» asks for help: read as a cry
    ['🆘', 'emergency'], // the emoji alone reads as the word SOS
    ['🆘️', 'emergency'], // with the emoji presentation selector
    ['🆘🆘🆘', 'emergency'],
    ['ayúdame🆘', 'emergency'],
    ['SOS', 'emergency'],
    ['sos!!', 'emergency'],
    ['Sos porfa', 'emergency'],
    ['SOSSS', 'emergency'],
    ['\u{1D400}\u{1D418}\u{1D414}\u{1D403}\u{1D400}', 'emergency'], // 𝐀𝐘𝐔𝐃𝐀 from a "fancy text" keyboard
    ['ＡＹＵＤＡ', 'emergency'], // full-width letters
    ['ayu\u00ADda', 'emergency'], // a soft hyphen pasted into the word
    ['a\u200Byuda por favor', 'emergency'], // a zero-width space
    ['BAJA', 'opt_out'],
    ['baja.', 'opt_out'],
    ['Baja, por favor', 'opt_out'],
    ['alto!', 'opt_out'],
    ['STOP gracias', 'opt_out'],
    ['Ya no me escribas', 'opt_out'],
  ])('%j is %s', (text, expected) => {
    expect(kind(text)).toBe(expected);
  });

  it.each([
    '¿me ayudas a entender?', // another word
    'ayudante',
    'me siento baja de ánimo', // opt-out only as the whole message
    'hablo muy alto',
    'el alto de la calle',
    'bajamos mañana',
    'stopped',
    'hola',
    '',
    '9110',
    'sosiego', // SOS only as a whole word
    'mensos',
    '🆗',
    // What she thanks for, or negates in its clause, would put 911 on her screen for nothing.
    'gracias por la ayuda',
    'Muchas gracias por toda tu ayuda 🙏',
    'te agradezco mucho su ayuda',
    'gracias x la ayudaa',
    'no necesito ayuda',
    'por ahora no necesito ayuda, gracias',
    'ya no estoy en peligro',
    'no hay peligro',
    'no me siento en peligro',
    'sin ayuda',
    // Help she says she got, in answer to «¿te sirvieron estas pláticas?».
    'fueron de mucha ayuda',
    'sí, me fueron de gran ayuda, gracias',
    'has sido una gran ayuda',
    'eres de gran ayuda',
    'fue una muy buena ayuda',
    'me dieron ayuda psicológica',
    'recibí la ayuda',
    'ya estoy fuera de peligro',
    'ya no necesito tanta ayuda',
  ])('%j is no interrupt', (text) => {
    expect(kind(text)).toBeNull();
  });

  it('puts her code word first, then emergencies, then opt-outs', () => {
    expect(kind('ayuda', true)).toBe('code_word');
    expect(kind('BAJA', true)).toBe('code_word');
    expect(kind('ayuda baja')).toBe('emergency');
  });

  it('replies in her language, falling back to es-MX', () => {
    expect(detectInterrupt(settings, 'baja', { isCodeWord: false, language: 'en' })).toEqual({ kind: 'opt_out', reply: 'Done.' });
    expect(detectInterrupt(settings, 'baja', { isCodeWord: false, language: 'yua' })).toEqual({ kind: 'opt_out', reply: 'Listo.' });
    expect(detectInterrupt(settings, 'x', { isCodeWord: true })).toEqual({ kind: 'code_word', reply: 'Ok, gracias 👍' });
  });

  it('uses the default words and replies without a settings file', () => {
    expect(DEFAULT_SETTINGS.definition.opt_out.words).toEqual(['BAJA', 'ALTO', 'STOP']);
    expect(DEFAULT_SETTINGS.definition.emergency.words).toEqual(['AYUDA', 'PELIGRO', 'SOS', '911']);
    expect(detectInterrupt(DEFAULT_SETTINGS, 'Peligro', { isCodeWord: false })?.reply).toMatch(/llama al 911/);
    expect(detectInterrupt(DEFAULT_SETTINGS, '🆘', { isCodeWord: false })?.kind).toBe('emergency');
    expect(detectInterrupt(DEFAULT_SETTINGS, 'x', { isCodeWord: true })?.reply).toBe('Ok, gracias 👍');
  });

  it('reads a 64 KB message quickly', () => {
    const started = performance.now();
    expect(kind(`${'hola '.repeat(13_000)}ayuda`)).toBe('emergency');
    expect(kind('gracias '.repeat(8_000))).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('replies that promise a person, while nobody is on duty', () => {
  const offDuty = { staffOnDuty: false, fields: { atencion_hora: 'el lunes 14 de diciembre a las 9:00' } };
  const onDuty = { staffOnDuty: true, fields: {} };
  const LONG = 'es que no sé cómo decirlo pero desde hace días él llega tarde y se pone muy enojado conmigo y con los niños y yo ya no sé qué hacer porque no tengo a dónde ir ni con quién dejar a los niños';

  it('answers her request for a person with when one is next on duty, not «en un ratito»', () => {
    expect(detectFallbackInterrupt(DEFAULT_SETTINGS, 'quiero hablar con una persona', 'es-MX', offDuty)?.reply).toBe(
      'Claro que sí. Te escribe por aquí una persona de confianza desde el lunes 14 de diciembre a las 9:00.',
    );
    expect(detectFallbackInterrupt(DEFAULT_SETTINGS, 'quiero hablar con una persona', 'es-MX', onDuty)?.reply).toBe(
      'Claro que sí. En un ratito te escribe por aquí una persona de confianza.',
    );
    expect(detectFallbackInterrupt(DEFAULT_SETTINGS, 'quiero hablar con una persona', 'es-MX')?.reply).toMatch(/En un ratito/);
  });

  it('answers a long message the same way', () => {
    expect(detectFallbackInterrupt(DEFAULT_SETTINGS, LONG, 'es-MX', offDuty)?.reply).toBe(
      'Gracias por contarme. Te escribe por aquí una persona de confianza desde el lunes 14 de diciembre a las 9:00.',
    );
    expect(detectFallbackInterrupt(DEFAULT_SETTINGS, LONG, 'es-MX', onDuty)?.reply).toMatch(/^Gracias por contarme. En un ratito/);
  });

  it('answers an emergency word with what to do now, and not «en un momento»', () => {
    const reply = detectInterrupt(DEFAULT_SETTINGS, 'AYUDA', { isCodeWord: false, duty: offDuty })?.reply;
    expect(reply).toBe(
      'Si estás en peligro, llama al 911 ahora. Si puedes, ve a un lugar seguro o con alguien de confianza. Una persona te escribe por aquí desde el lunes 14 de diciembre a las 9:00.',
    );
    expect(detectInterrupt(DEFAULT_SETTINGS, 'AYUDA', { isCodeWord: false, duty: onDuty })?.reply).toMatch(/En un momento te escribe/);
  });

  it('leaves the replies that promise nobody as they are', () => {
    expect(detectInterrupt(DEFAULT_SETTINGS, 'BAJA', { isCodeWord: false, duty: offDuty })?.reply).toBe(DEFAULT_SETTINGS.definition.opt_out.reply);
    expect(detectFallbackInterrupt(DEFAULT_SETTINGS, '¿quién eres?', 'es-MX', offDuty)?.reply).toBe(DEFAULT_SETTINGS.definition.who_is_writing.reply);
  });
});

describe('normalizeCodeWord, for the host to hash', () => {
  it.each([
    ['Mariposa', 'mariposa'],
    ['  Mariposa  Azul!! 🦋', 'mariposa azul'],
    ['MARIPOSA-azul', 'mariposa azul'],
    ['Ñandú', 'nandu'],
    ['¿girasol?', 'girasol'],
    ['\u{1D5DA}\u{1D5F6}\u{1D5FF}\u{1D5EE}\u{1D600}\u{1D5FC}\u{1D5F9}', 'girasol'], // 𝗚𝗶𝗿𝗮𝘀𝗼𝗹
    ['gira\u200Bsol', 'girasol'],
    ['Nº 5', 'no 5'],
  ])('%j → %j', (text, expected) => {
    expect(normalizeCodeWord(text)).toBe(expected);
  });

  it('gives the form code words were stored with before as well, only where it differs', () => {
    expect(codeWordForms('Girasol')).toEqual(['girasol']);
    expect(codeWordForms('Nº 5')).toEqual(['no 5', 'nº 5']);
  });
});

describe('codeWordProblem: what may be agreed as her code word', () => {
  it.each([
    ['Girasol', null],
    ['Mariposa azul', null],
    ['Tulipán 7', null],
    ['Sí', 'too_short'],
    ['ok', 'too_short'],
    ['¡¡ya!!', 'too_short'],
    ['1234', 'no_letters'],
    ['🌻', 'no_letters'],
    ['ayuda', 'interrupt_word'],
    ['la palabra peligro', 'interrupt_word'], // an emergency word anywhere in it
    ['Baja', 'interrupt_word'],
    ['ya no me escribas', 'interrupt_word'],
    ['claro que sí', 'everyday_answer'],
    ['Nel', 'too_short'],
    ['para nada', 'everyday_answer'],
    ['Hola', 'everyday_answer'],
    ['más o menos', 'everyday_answer'],
    ['x'.repeat(61), 'too_long'],
  ])('%j: %s', (word, problem) => {
    expect(codeWordProblem(settings, word)).toBe(problem);
  });
});

describe('applyInterrupt', () => {
  const ctx = { now: '2025-06-02T16:05:00.000Z' };
  const waiting: FlowSession = {
    version: 1,
    flowId: 'seguimiento',
    status: 'waiting',
    node: 'momento',
    attempts: 1,
    results: {},
    startedAt: '2025-06-02T16:00:00.000Z',
    updatedAt: '2025-06-02T16:01:00.000Z',
  };

  it('ends a waiting session after the code word, cancelling everything and alerting as urgent', () => {
    const interrupt = detectInterrupt(settings, 'mariposa', { isCodeWord: true })!;
    expect(applyInterrupt(interrupt, waiting, ctx)).toEqual({
      session: { ...waiting, status: 'ended', attempts: 0, outcome: 'code_word', updatedAt: ctx.now },
      events: [
        { type: 'message', node: 'interrupt:code_word', text: 'Ok, gracias 👍' },
        { type: 'cancel_pending', reason: 'code_word' },
        { type: 'handoff', node: 'interrupt:code_word', urgency: 'urgent', reason: 'code_word' },
        { type: 'flow_ended', outcome: 'code_word' },
      ],
    });
  });

  it('answers an emergency with what to do now and an urgent handoff', () => {
    const interrupt = detectInterrupt(settings, 'ayuda', { isCodeWord: false })!;
    const { session, events } = applyInterrupt(interrupt, waiting, ctx);
    expect(session).toMatchObject({ status: 'ended', outcome: 'emergency_word' });
    expect(events).toEqual([
      { type: 'message', node: 'interrupt:emergency', text: 'Llama al 911.' },
      { type: 'handoff', node: 'interrupt:emergency', urgency: 'urgent', reason: 'emergency_word' },
      { type: 'flow_ended', outcome: 'emergency_word' },
    ]);
  });

  it('confirms an opt-out once and records it, also with no session under way', () => {
    const interrupt = detectInterrupt(settings, 'BAJA', { isCodeWord: false })!;
    expect(applyInterrupt(interrupt, null, ctx)).toEqual({
      session: null,
      events: [
        { type: 'message', node: 'interrupt:opt_out', text: 'Listo.' },
        { type: 'cancel_pending', reason: 'opt_out' },
        { type: 'opted_out' },
      ],
    });
  });

  it('ends the waiting conversation on her request for other hours with the reply alone: no person called, nothing withdrawn', () => {
    const interrupt = detectHoursRequest(DEFAULT_SETTINGS, 'no me escribas en la mañana')!;
    const reply = { type: 'message', node: 'interrupt:hours_request', text: 'Va, lo tomo en cuenta. Gracias por avisarme.' };
    expect(applyInterrupt(interrupt, waiting, ctx)).toEqual({
      session: { ...waiting, status: 'ended', attempts: 0, outcome: 'pide_otro_horario', updatedAt: ctx.now },
      events: [reply, { type: 'flow_ended', outcome: 'pide_otro_horario' }],
    });
    expect(applyInterrupt(interrupt, null, ctx)).toEqual({ session: null, events: [reply] });
  });

  it('ends the conversation when someone asks who is writing, with a harmless goodbye and an urgent handoff', () => {
    const interrupt = detectWhoIsWriting(DEFAULT_SETTINGS, '¿quién eres?')!;
    expect(applyInterrupt(interrupt, waiting, ctx)).toEqual({
      session: { ...waiting, status: 'ended', attempts: 0, outcome: 'pregunta_quien_escribe', updatedAt: ctx.now },
      events: [
        { type: 'message', node: 'interrupt:who_is_writing', text: 'Perdón, luego te escribo. ¡Que tengas bonito día!' },
        { type: 'handoff', node: 'interrupt:who_is_writing', urgency: 'urgent', reason: 'pregunta_quien_escribe' },
        { type: 'flow_ended', outcome: 'pregunta_quien_escribe' },
      ],
    });
  });

  it('leaves an ended session as it is', () => {
    const ended: FlowSession = { ...waiting, status: 'ended', attempts: 0, outcome: 'completado' };
    const interrupt = detectInterrupt(settings, 'peligro', { isCodeWord: false })!;
    const result = applyInterrupt(interrupt, ended, ctx);
    expect(result.session).toBe(ended);
    expect(result.events.map((event) => event.type)).toEqual(['message', 'handoff']);
  });
});

describe('DenyList', () => {
  const deny = new DenyList(['violencia', 'centro de justicia', '911', 'caso']);

  it('finds whole words and phrases whatever their accents or case, as written', () => {
    expect(deny.find('Sin VIOLENCIA en el Centro de  Justicia, llama al 911')).toEqual([
      { word: 'violencia', found: 'VIOLENCIA' },
      { word: 'centro de justicia', found: 'Centro de  Justicia' },
      { word: '911', found: '911' },
    ]);
    expect(deny.find('En caso de duda')).toEqual([{ word: 'caso', found: 'caso' }]);
  });

  it('does not find them inside other words', () => {
    expect(deny.find('Los casos, la casona, violencias, 9110, centro')).toEqual([]);
  });

  it('finds them in the letters of fancy-text keyboards and through invisible characters', () => {
    expect(deny.find('\u{1D5E9}\u{1D5F6}\u{1D5FC}\u{1D5F9}\u{1D5F2}\u{1D5FB}\u{1D5F0}\u{1D5F6}\u{1D5EE} y vio\u200Blencia')).toEqual([
      { word: 'violencia', found: '\u{1D5E9}\u{1D5F6}\u{1D5FC}\u{1D5F9}\u{1D5F2}\u{1D5FB}\u{1D5F0}\u{1D5F6}\u{1D5EE}' },
      { word: 'violencia', found: 'vio\u200Blencia' },
    ]);
  });
});
