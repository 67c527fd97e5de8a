import { describe, expect, it } from 'vitest';
import { EngineError, resume, start, type CompiledFlow, type RunContext } from '../../src/engine/index.js';
import { inlineFlow } from './support/inline-flow.js';

const ctx: RunContext = { now: '2025-06-02T16:00:00.000Z', language: 'es-MX', alias: 'Lupita' };

function engineErrorCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof EngineError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('timeouts', () => {
  const flow = inlineFlow(`
flow: t
name: T
start: q
nodes:
  q:
    type: question
    text: "¿Sí?"
    choices: [{ id: si, label: "Sí", next: q2 }]
    reask: "¿Perdón?"
    on_give_up: fin
    timeout: { after: PT1H30M, next: silencio }
  q2:
    type: question
    text: "¿Otra?"
    choices: [{ id: si, label: "Sí", next: fin }]
    on_give_up: fin
  silencio:
    type: end
    outcome: sin_respuesta
  fin:
    type: end
    outcome: listo
`);

  it('asks the host for a timeout on every wait of the question, re-asks included', () => {
    const started = start(flow, ctx);
    expect(started.events.at(-1)).toEqual({ type: 'wait', node: 'q', timeoutSeconds: 5400 });
    const reasked = resume(flow, started.session, { kind: 'text', text: 'mmm' }, ctx);
    expect(reasked.events.at(-1)).toEqual({ type: 'wait', node: 'q', timeoutSeconds: 5400 });
    const timedOut = resume(flow, reasked.session, { kind: 'timeout' }, { ...ctx, now: '2025-06-02T17:30:00.000Z' });
    expect(timedOut.events).toEqual([{ type: 'flow_ended', outcome: 'sin_respuesta' }]);
    expect(timedOut.session).toMatchObject({ status: 'ended', node: 'silencio', updatedAt: '2025-06-02T17:30:00.000Z' });
  });

  it('refuses a stale timeout at a question without one', () => {
    const waitingAtQ2 = resume(flow, start(flow, ctx).session, { kind: 'text', text: 'sí' }, ctx).session;
    expect(waitingAtQ2).toMatchObject({ node: 'q2' });
    expect(engineErrorCode(() => resume(flow, waitingAtQ2, { kind: 'timeout' }, ctx))).toBe('NO_TIMEOUT');
  });
});

describe('placeholders from the host', () => {
  const flow = inlineFlow(`
flow: c
name: C
start: a
nodes:
  a: { type: message, text: "Te espero {{cita_hora}}, {{alias}}.", next: fin }
  fin: { type: end, outcome: listo }
`);

  it('fills {{cita_hora}} from ctx.fields', () => {
    const { events } = start(flow, { ...ctx, fields: { cita_hora: ' el jueves a las 10:00 ' } });
    expect(events[0]).toEqual({ type: 'message', node: 'a', text: 'Te espero el jueves a las 10:00, Lupita.' });
  });

  it('refuses to send the text without it', () => {
    expect(engineErrorCode(() => start(flow, ctx))).toBe('MISSING_FIELD');
    expect(engineErrorCode(() => start(flow, { ...ctx, fields: { cita_hora: '  ' } }))).toBe('MISSING_FIELD');
    expect(engineErrorCode(() => start(flow, { ...ctx, fields: { cita_hora: 10 } }))).toBe('MISSING_FIELD');
  });
});

describe('goto another flow', () => {
  const a = inlineFlow('flow: a\nname: A\nstart: ir\nnodes:\n  ir: { type: goto, flow: b }\n');
  const b = inlineFlow('flow: b\nname: B\nstart: hola\nnodes:\n  hola: { type: message, text: "Hola", next: volver }\n  volver: { type: goto, flow: a }\n');

  it('needs the flows from the host', () => {
    expect(engineErrorCode(() => start(a, ctx))).toBe('UNKNOWN_FLOW');
    expect(engineErrorCode(() => start(a, ctx, new Map()))).toBe('UNKNOWN_FLOW');
  });

  it('stops a loop of gotos between flows', () => {
    const flows = new Map<string, CompiledFlow>([
      ['a', a],
      ['b', b],
    ]);
    expect(engineErrorCode(() => start(a, ctx, flows))).toBe('STEP_LIMIT_EXCEEDED');
  });
});

describe('branch, set, schedule and handoff', () => {
  const flow = inlineFlow(`
flow: s
name: S
start: horario
nodes:
  horario:
    type: branch
    safe_hours: { inside: pregunta, outside: fuera }
  pregunta:
    type: question
    text: "¿Cuándo?"
    choices: [{ id: ahora, label: "Ahora", next: marcar }]
    answer: datetime
    next: marcar
    max_attempts: 1
    on_give_up: marcar
    save_as: cuando
  marcar:
    type: set
    case_field: visto
    value: true
    next: copiar
  copiar:
    type: set
    case_field: copia
    from_result: cuando
    next: segun
  segun:
    type: branch
    field: visto
    cases:
      - { when: true, next: programar }
    default: fin
  programar:
    type: schedule
    at_result: cuando
    after: PT2H
    reason: prueba
    next: pasar
  pasar:
    type: handoff
    urgency: normal
    reason: prueba
  fuera:
    type: schedule
    reason: fuera_de_horario
    next: fin
  fin:
    type: end
    outcome: listo
`);
  const inside: RunContext = { ...ctx, insideSafeHours: true };

  it('takes the outside way when the host says nothing about safe hours (older callers)', () => {
    expect(start(flow, ctx).events).toEqual([
      { type: 'schedule_checkin', node: 'fuera', flow: 's', reason: 'fuera_de_horario' },
      { type: 'flow_ended', outcome: 'listo' },
    ]);
  });

  it('copies a choice id to the case, sees a field set in the same step, schedules after, hands off', () => {
    const waiting = start(flow, inside).session;
    const { session, events } = resume(flow, waiting, { kind: 'text', text: 'ahora' }, inside);
    expect(events).toEqual([
      { type: 'result_saved', name: 'cuando', value: 'ahora', choice: 'ahora', category: 'ahora', node: 'pregunta' },
      { type: 'case_field_set', node: 'marcar', name: 'visto', value: true },
      { type: 'case_field_set', node: 'copiar', name: 'copia', value: 'ahora' },
      { type: 'schedule_checkin', node: 'programar', flow: 's', after: 'PT2H', reason: 'prueba' },
      { type: 'handoff', node: 'pasar', urgency: 'normal', reason: 'prueba' },
      { type: 'flow_ended', outcome: 'handoff' },
    ]);
    expect(session).toMatchObject({ status: 'ended', node: 'pasar', outcome: 'handoff' });
  });

  it('schedules at the instant she chose', () => {
    const waiting = start(flow, inside).session;
    const { events } = resume(flow, waiting, { kind: 'text', text: 'mañana a las 5' }, inside);
    expect(events).toContainEqual({ type: 'case_field_set', node: 'copiar', name: 'copia', value: '2025-06-03T22:00:00.000Z' });
    expect(events).toContainEqual({ type: 'schedule_checkin', node: 'programar', flow: 's', at: '2025-06-03T22:00:00.000Z', reason: 'prueba' });
  });

  it('copies nothing when the answer was never given', () => {
    const waiting = start(flow, inside).session;
    const { events } = resume(flow, waiting, { kind: 'text', text: 'quién sabe' }, inside);
    expect(events.map((event) => event.type)).toEqual([
      'input_rejected',
      'case_field_set',
      'schedule_checkin',
      'handoff',
      'flow_ended',
    ]);
    expect(events[1]).toEqual({ type: 'case_field_set', node: 'marcar', name: 'visto', value: true });
  });
});

describe('typed answers at a question', () => {
  const flow = inlineFlow(`
flow: n
name: N
start: cuantas
nodes:
  cuantas:
    type: question
    text: "¿Cuántas?"
    answer: number
    max: 5
    next: fin
    reask: "Un número, por favor."
    max_attempts: 2
    on_give_up: fin
    save_as: cuantas
  fin: { type: end, outcome: listo }
`);

  it('saves the canonical value and re-asks what is not a number in range', () => {
    const waiting = start(flow, ctx).session;
    const rejected = resume(flow, waiting, { kind: 'text', text: 'seis' }, ctx);
    expect(rejected.events).toEqual([
      { type: 'input_rejected', node: 'cuantas', attempt: 1 },
      { type: 'message', node: 'cuantas', text: 'Un número, por favor.' },
      { type: 'wait', node: 'cuantas' },
    ]);
    const accepted = resume(flow, rejected.session, { kind: 'text', text: ' tres ' }, ctx);
    expect(accepted.events[0]).toEqual({ type: 'result_saved', name: 'cuantas', value: '3', node: 'cuantas' });
    expect(accepted.session.results['cuantas']).toEqual({ value: '3', node: 'cuantas', at: ctx.now });
  });
});

describe('the category reports count', () => {
  const flow = inlineFlow(`
flow: c
name: C
start: animo
nodes:
  animo:
    type: question
    text: "¿Cómo estás? 1 bien, 2 mal"
    choices: [{ id: bien, label: "Bien", next: otra_vez }, { id: mal, label: "Mal", next: otra_vez }]
    on_give_up: fin
    save_as: animo
  otra_vez:
    type: question
    text: "¿Te escribo otra vez? Sí o no."
    answer: yes_no
    on_yes: comentario
    on_no: comentario
    on_give_up: comentario
    save_as: otra_vez
  comentario:
    type: question
    text: "¿Algo más?"
    answer: text
    next: copiar_animo
    save_as: comentario
  copiar_animo: { type: set, result: animo_copia, from_result: animo, next: copiar_si_no }
  copiar_si_no: { type: set, result: otra_vez_copia, from_result: otra_vez, next: copiar_texto }
  copiar_texto: { type: set, result: comentario_copia, from_result: comentario, next: marcar }
  marcar: { type: set, result: revisado, value: 2, next: fin }
  fin: { type: end, outcome: listo }
`);

  it('is the choice id, si/no, the literal or the copied category; never her own words', () => {
    let step = start(flow, ctx);
    const saved = [];
    for (const text of ['2', 'Sí', 'Me cuesta dormir desde el martes']) {
      step = resume(flow, step.session, { kind: 'text', text }, ctx);
      saved.push(...step.events.filter((event) => event.type === 'result_saved'));
    }
    expect(saved.map((event) => [event.name, event.category])).toEqual([
      ['animo', 'mal'],
      ['otra_vez', 'si'],
      ['comentario', undefined],
      ['animo_copia', 'mal'],
      ['otra_vez_copia', 'si'],
      ['comentario_copia', undefined],
      ['revisado', '2'],
    ]);
    expect(step.session.results['otra_vez']).toEqual({ value: 'si', category: 'si', node: 'otra_vez', at: ctx.now });
  });

  it('copies the choice id of a result saved before categories were stored', () => {
    const waiting = resume(flow, start(flow, ctx).session, { kind: 'text', text: '1' }, ctx).session;
    const older = { ...waiting, results: { animo: { value: '1', choice: 'bien', node: 'animo', at: ctx.now } } };
    let step = resume(flow, older, { kind: 'text', text: 'no' }, ctx);
    step = resume(flow, step.session, { kind: 'text', text: 'nada' }, ctx);
    expect(step.events).toContainEqual({ type: 'result_saved', name: 'animo_copia', value: 'bien', category: 'bien', node: 'copiar_animo' });
  });
});

describe('a handoff while nobody is on duty', () => {
  const flow = inlineFlow(`
flow: h
name: H
start: pregunta
nodes:
  pregunta:
    type: question
    text: "¿Con quién?"
    choices:
      - { id: alguien, label: "Alguien", next: pasar }
      - { id: quien_sea, label: "Quien sea", next: pasar_sin_texto_de_noche }
    on_give_up: pasar
  pasar:
    type: handoff
    urgency: normal
    reason: pide_persona
    text: "Va. En un ratito te escribe una persona."
    text_after_hours: "Va. Te escribe una persona desde {{atencion_hora}}."
  pasar_sin_texto_de_noche:
    type: handoff
    urgency: normal
    reason: pide_persona
    text: "Va. Te escribe una persona."
`);
  const said = (context: RunContext, answer = 'alguien') =>
    resume(flow, start(flow, context).session, { kind: 'text', text: answer }, context).events.flatMap((e) => (e.type === 'message' ? [e.text] : []));
  const offDuty: RunContext = { ...ctx, staffOnDuty: false, fields: { atencion_hora: 'mañana a las 9:00' } };

  it('says text_after_hours, with when a person is next on duty, instead of text', () => {
    expect(said(offDuty)).toEqual(['Va. Te escribe una persona desde mañana a las 9:00.']);
  });

  it('says text while a person is on duty, and when the host says nothing of it (older callers)', () => {
    expect(said({ ...ctx, staffOnDuty: true })).toEqual(['Va. En un ratito te escribe una persona.']);
    expect(said(ctx)).toEqual(['Va. En un ratito te escribe una persona.']);
  });

  it('says text at any hour when the handoff has no text_after_hours', () => {
    expect(said(offDuty, 'quien sea')).toEqual(['Va. Te escribe una persona.']);
  });

  it('needs the host to say when a person is next on duty', () => {
    expect(engineErrorCode(() => said({ ...ctx, staffOnDuty: false }))).toBe('MISSING_FIELD');
  });
});
