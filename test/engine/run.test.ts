import { describe, expect, it } from 'vitest';
import {
  compileFlow,
  EngineError,
  MAX_NODES_PER_STEP,
  parseFlowSession,
  resume,
  start,
  type FlowDefinition,
  type FlowSession,
  type RunContext,
  waitingTimeoutSeconds,
} from '../../src/engine/index.js';
import { inlineFlow } from './support/inline-flow.js';

const ctx: RunContext = { now: '2025-06-02T16:00:00.000Z', language: 'es-MX', alias: 'Lupita' };
const later: RunContext = { ...ctx, now: '2025-06-02T16:10:00.000Z' };

const flow = inlineFlow(`
flow: prueba
name: Prueba
start: hola
nodes:
  hola:
    type: message
    text: "Hola {{alias}}"
    next: pregunta
  pregunta:
    type: question
    text: "¿Sí o no?"
    choices:
      - { id: si, label: "Sí", next: fin }
      - { id: "no", label: "No", next: fin }
    max_attempts: 2
    on_give_up: fin
    save_as: respuesta
  fin:
    type: end
    outcome: listo
`);

function expectEngineError(run: () => unknown, code: EngineError['code']): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe(code);
    expect((error as EngineError).name).toBe('EngineError');
    return;
  }
  expect.fail(`expected EngineError ${code}`);
}

describe('start and resume', () => {
  it('runs messages up to the first question and waits there', () => {
    const { session, events } = start(flow, ctx);
    expect(events).toEqual([
      { type: 'message', node: 'hola', text: 'Hola Lupita' },
      { type: 'message', node: 'pregunta', text: '¿Sí o no?' },
      { type: 'wait', node: 'pregunta' },
    ]);
    expect(session).toEqual({
      version: 1,
      flowId: 'prueba',
      status: 'waiting',
      node: 'pregunta',
      attempts: 0,
      results: {},
      startedAt: ctx.now,
      updatedAt: ctx.now,
    });
  });

  it('saves the result and ends, keeping startedAt and moving updatedAt', () => {
    const { session } = start(flow, ctx);
    const { session: ended, events } = resume(flow, session, { kind: 'text', text: ' no ' }, later);
    expect(events).toEqual([
      { type: 'result_saved', name: 'respuesta', value: 'no', choice: 'no', category: 'no', node: 'pregunta' },
      { type: 'flow_ended', outcome: 'listo' },
    ]);
    expect(ended).toMatchObject({ status: 'ended', node: 'fin', outcome: 'listo', startedAt: ctx.now, updatedAt: later.now });
    expect(ended.results).toEqual({ respuesta: { value: 'no', choice: 'no', category: 'no', node: 'pregunta', at: later.now } });
  });

  it('never modifies the session it is given', () => {
    const { session } = start(flow, ctx);
    const frozen = structuredClone(session);
    resume(flow, session, { kind: 'text', text: 'quién sabe' }, later);
    resume(flow, session, { kind: 'text', text: 'sí' }, later);
    expect(session).toEqual(frozen);
  });

  it('counts rejected answers in the session and gives up at max_attempts', () => {
    const first = resume(flow, start(flow, ctx).session, { kind: 'text', text: 'mmm' }, ctx);
    expect(first.session).toMatchObject({ status: 'waiting', node: 'pregunta', attempts: 1 });
    expect(first.events).toEqual([
      { type: 'input_rejected', node: 'pregunta', attempt: 1 },
      { type: 'message', node: 'pregunta', text: '¿Sí o no?' },
      { type: 'wait', node: 'pregunta' },
    ]);
    const second = resume(flow, first.session, { kind: 'text', text: 'mmm' }, ctx);
    expect(second.events).toEqual([
      { type: 'input_rejected', node: 'pregunta', attempt: 2 },
      { type: 'flow_ended', outcome: 'listo' },
    ]);
    expect(second.session).toMatchObject({ status: 'ended', attempts: 0, results: {} });
  });

  it('produces sessions that survive a JSON round trip', () => {
    const { session } = start(flow, ctx);
    const stored = parseFlowSession(JSON.parse(JSON.stringify(session)));
    expect(stored).toEqual(session);
    expect(resume(flow, stored, { kind: 'text', text: '1' }, ctx).session.status).toBe('ended');
  });

  it('ends at once when the start node is an end', () => {
    const tiny = inlineFlow('flow: t\nname: T\nstart: fin\nnodes:\n  fin: { type: end, outcome: nada }\n');
    expect(start(tiny, ctx)).toEqual({
      session: expect.objectContaining({ status: 'ended', node: 'fin', outcome: 'nada' }),
      events: [{ type: 'flow_ended', outcome: 'nada' }],
    });
  });
});

describe('engine errors', () => {
  const waiting = start(flow, ctx).session;

  it('refuses to resume an ended session', () => {
    const ended = resume(flow, waiting, { kind: 'text', text: 'sí' }, ctx).session;
    expectEngineError(() => resume(flow, ended, { kind: 'text', text: 'sí' }, ctx), 'SESSION_ENDED');
  });

  it('refuses a session of another flow', () => {
    expectEngineError(() => resume(flow, { ...waiting, flowId: 'otro' }, { kind: 'text', text: 'sí' }, ctx), 'FLOW_MISMATCH');
  });

  it('refuses a session waiting at a node the flow no longer has', () => {
    expectEngineError(() => resume(flow, { ...waiting, node: 'borrado' }, { kind: 'text', text: 'sí' }, ctx), 'UNKNOWN_NODE');
  });

  it('refuses a session whose node does not wait for input', () => {
    expectEngineError(() => resume(flow, { ...waiting, node: 'hola' }, { kind: 'text', text: 'sí' }, ctx), 'NODE_NOT_WAITING');
  });

  it('stops a loop of messages that skipped validation', () => {
    const looping: FlowDefinition = {
      flow: 'bucle',
      name: 'Bucle',
      start: 'a',
      nodes: {
        a: { type: 'message', text: 'A', next: 'b' },
        b: { type: 'message', text: 'B', next: 'a' },
      },
    };
    expectEngineError(() => start(compileFlow(looping), ctx), 'STEP_LIMIT_EXCEEDED');
    expect(MAX_NODES_PER_STEP).toBe(1000);
  });

  it('rejects stored sessions that are not sessions, or of another version', () => {
    expectEngineError(() => parseFlowSession({ ...waiting, version: 2 }), 'UNSUPPORTED_SESSION_VERSION');
    expectEngineError(() => parseFlowSession({ ...waiting, status: 'paused' }), 'INVALID_SESSION');
    expectEngineError(() => parseFlowSession(null), 'INVALID_SESSION');
    const { outcome: _dropped, ...endedWithoutOutcome } = {
      ...waiting,
      status: 'ended',
      outcome: 'x',
    } as FlowSession & { outcome: string };
    expectEngineError(() => parseFlowSession(endedWithoutOutcome), 'INVALID_SESSION');
  });
});

describe('waitingTimeoutSeconds', () => {
  const timed = inlineFlow(`
flow: con-plazo
name: Con plazo
start: primera
nodes:
  primera:
    type: question
    text: "¿Es buen momento?"
    choices:
      - { id: si, label: "Sí", next: segunda }
    on_give_up: fin
    timeout: { after: PT4H, next: fin }
  segunda:
    type: question
    text: "¿Cómo estás?"
    choices:
      - { id: bien, label: "Bien", next: fin }
    on_give_up: fin
  fin:
    type: end
    outcome: listo
`);

  it("is the waiting question's timeout, none at a question without one, and none for an ended session or another flow's", () => {
    const first = start(timed, ctx).session;
    expect(waitingTimeoutSeconds(timed, first)).toBe(4 * 3600);
    const second = resume(timed, first, { kind: 'text', text: '1' }, later).session;
    expect(waitingTimeoutSeconds(timed, second)).toBeUndefined();
    const ended = resume(timed, second, { kind: 'text', text: '1' }, later).session;
    expect(ended.status).toBe('ended');
    expect(waitingTimeoutSeconds(timed, ended)).toBeUndefined();
    expect(waitingTimeoutSeconds(flow, first)).toBeUndefined();
  });
});
