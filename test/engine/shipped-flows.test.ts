import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  detectInterrupt,
  asksOtherHours,
  detectPersonRequest,
  mentionsRisk,
  kindOf,
  loadFlowDirectory,
  normalizeAnswer,
  start,
  textVersions,
  type CompiledFlow,
  type FlowDefinition,
  type InterruptSettings,
  type RunContext,
} from '../../src/engine/index.js';

const FLOWS = join(import.meta.dirname, '..', '..', 'flows');

/**
 * Words that must never reach her phone, kept here apart from `flows/ajustes.yaml` on purpose: a
 * second list, so removing a word from the settings does not make these tests pass by itself.
 */
const UNSAFE_WORDS = [
  'violencia', 'violento', 'agresor', 'agresion', 'maltrato', 'abuso', 'golpe', 'golpes', '911', 'emergencia',
  'denuncia', 'denunciar', 'victima', 'caso', 'expediente', 'folio', 'policia', 'fiscalia', 'c5', 'unidad',
  'instituto', 'psicologa', 'psicologo', 'psicologica', 'juridica', 'seguimiento', 'pareja', 'esposo', 'novio',
];

/** The flows the unit needs, by file. */
const EXPECTED_FLOWS = ['cierre', 'confirmacion-videollamada', 'enlace-videollamada', 'invitacion-videollamada', 'primer-contacto', 'seguimiento'];

const ctx: RunContext = {
  now: '2025-06-02T16:00:00.000Z',
  language: 'es-MX',
  alias: 'Lupita',
  insideSafeHours: true,
  fields: { cita_hora: 'el jueves 5 de junio a las 10:00' },
};

let flows: readonly CompiledFlow[];
let settings: InterruptSettings;

beforeAll(async () => {
  const result = await loadFlowDirectory(FLOWS);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.formatted).join('\n'));
  expect(result.diagnostics).toEqual([]);
  flows = result.flows;
  settings = result.settings;
});

function allTexts(definition: FlowDefinition): Array<{ node: string; text: string }> {
  return Object.entries(definition.nodes).flatMap(([node, def]) =>
    kindOf(def)
      .texts(def)
      .flatMap(({ text }) => textVersions(text).map(([, version]) => ({ node, text: version }))),
  );
}

/** Node ids reachable from `from` (included). */
function reachableFrom(definition: FlowDefinition, from: string): Set<string> {
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

/** Every node reached from the safety question by anything but a clear yes. */
function afterAnythingButYes(definition: FlowDefinition): Set<string> {
  const momento = definition.nodes['momento'];
  if (momento?.type !== 'question') throw new Error(`${definition.flow}: the safety question must be node "momento"`);
  const exits = [
    ...(momento.choices ?? []).filter((choice) => choice.id !== 'si').map((choice) => choice.next),
    momento.next,
    momento.on_give_up,
    momento.timeout?.next,
  ].filter((id): id is string => id !== undefined);
  return new Set(exits.flatMap((exit) => [...reachableFrom(definition, exit)]));
}

describe('the shipped flows', () => {
  it('are the flows the unit needs, plus the settings', () => {
    expect(flows.map((flow) => flow.id)).toEqual(EXPECTED_FLOWS);
    expect(settings.definition.opt_out.words).toEqual(expect.arrayContaining(['BAJA', 'ALTO', 'STOP', 'ya no me escribas', 'no me vuelvas a escribir']));
    expect(settings.definition.emergency.words).toEqual(expect.arrayContaining(['AYUDA', 'PELIGRO', 'SOS', '911']));
  });

  it.each([
    ['ya no me escribas', 'opt_out'],
    ['Ya no me escribas, por favor', 'opt_out'],
    ['no me vuelvas a escribir', 'opt_out'],
    ['ya no quiero recibir mensajes', 'opt_out'],
    ['déjame en paz', 'opt_out'],
    // About when, not whether: her safe hours, for a person to change.
    ['ya no me escribas tan temprano', null],
    ['no me escribas en la mañana', null],
  ])('reads %j, in the shipped settings, as %s', (text, kind) => {
    expect(detectInterrupt(settings, text, { isCodeWord: false })?.kind ?? null).toBe(kind);
  });

  it.each([
    ['llámame por favor', true],
    ['¿me puede llamar alguien?', true],
    ['marcame', true],
    ['me puedes comunicar con alguien', true],
    ['¿hay alguien ahí?', true],
    ['necesito platicar', true],
    ['quiero una cita', true],
    ['no necesito platicar', false],
    ['¿me pueden ayudar?', true],
    ['no me pueden ayudar', false],
    ['quiero que me llames en la tarde', true],
    ['no me llames en la mañana', false],
  ])('reads %j, in the shipped settings, as a request for a person: %s', (text, asks) => {
    expect(detectPersonRequest(settings, text)?.kind === 'person_request').toBe(asks);
  });

  // Her hours in her words: a person is asked to look at them; either part alone is no request.
  it.each([
    ['no me escribas en la mañana', true],
    ['no me llames en la mañana', true],
    ['quiero que me llames en la tarde', true],
    ['los domingos está él en la casa, no me escribas', true],
    ['mejor escríbeme cuando esté sola', true],
    ['escríbeme más tarde', false],
    ['en la noche me da mucho miedo', false],
    ['me escribe en las noches', false],
  ])('reads %j, in the shipped settings, as a request for other hours: %s', (text, asks) => {
    expect(asksOtherHours(settings, text)).toBe(asks);
  });

  // What she tells of in a follow-up, in her words: each must reach a person urgently.
  it.each([
    'me quiero matar', 'ya no aguanto', 'la verdad ya no puedo más', 'me volvió a pegar', 'me pega cuando toma',
    'me golpea', 'me dio una cachetada', 'me jaló del pelo', 'me ahorca', 'tiene un arma', 'me apuntó con la pistola',
    'me está buscando', 'vino a buscarme ayer', 'regresó a la casa', 'me sigue mandando mensajes', 'me insulta y me grita',
    'se llevó a los niños', 'me quiere quitar a mis hijos', 'no me da dinero', 'me rompió el celular', 'me obligó',
    // Asking for help without an emergency word: no 911 on her screen, but a person, urgently.
    'ayúdame', 'ayúdenme por favor', 'necesito que me ayuden',
  ])('%j is a risk signal in the shipped settings', (text) => {
    expect(mentionsRisk(settings, text)).toBe(true);
  });

  // «no puedo, más tarde» at «¿Es buen momento?» is no disclosure: a person must not answer it.
  it.each(['me tocó trabajar', 'me sigue doliendo la cabeza', 'estoy bien', 'mi mamá me cuida a los niños', 'no puedo, más tarde', 'no puedo más tarde'])(
    '%j is no risk signal in the shipped settings',
    (text) => {
      expect(mentionsRisk(settings, text)).toBe(false);
    },
  );

  it.each(EXPECTED_FLOWS)('%s uses no word that could give her away', (id) => {
    const flow = flows.find((f) => f.id === id)!;
    const found = allTexts(flow.definition).flatMap(({ node, text }) => {
      const words = new Set(normalizeAnswer(text).split(/[^\p{L}\p{N}]+/u));
      return UNSAFE_WORDS.filter((word) => words.has(word)).map((word) => `${node}: ${word}`);
    });
    expect(found).toEqual([]);
  });

  it('checks every unsafe word of this test through the settings deny-list too', () => {
    const missing = UNSAFE_WORDS.filter((word) => settings.denyList.find(word).length === 0);
    expect(missing).toEqual([]);
  });

  // One message, not a greeting and then the question: outside the 24 hours each is a template Meta
  // charges for, and each counts against the number's 80 messages/s when thousands of check-ins fall due.
  it.each(EXPECTED_FLOWS)('%s opens with one message: a neutral greeting by her alias, then the safety question', (id) => {
    const flow = flows.find((f) => f.id === id)!;
    const messages = start(flow, ctx).events.flatMap((event) => (event.type === 'message' ? [event] : []));
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toMatch(/^Hola Lupita, soy Ana\b.{0,35} ¿Es buen momento para (platicar|un mensaje rápido)\? Responde 1/u);
    expect(messages[0]!.template?.parameters).toEqual(['Lupita']);
  });

  it.each(EXPECTED_FLOWS)('%s continues past the safety question only with a clear yes', (id) => {
    const { definition } = flows.find((f) => f.id === id)!;
    const kinds = [...afterAnythingButYes(definition)].map((node) => `${node}:${definition.nodes[node]?.type}`);
    expect(kinds.filter((kind) => !/:(message|schedule|end|set)$/.test(kind))).toEqual([]);
  });

  it.each(EXPECTED_FLOWS)('%s says nothing after silence at the safety question', (id) => {
    const { definition } = flows.find((f) => f.id === id)!;
    const momento = definition.nodes['momento'];
    if (momento?.type !== 'question' || momento.timeout === undefined) throw new Error('momento needs a timeout');
    const after = [...reachableFrom(definition, momento.timeout.next)].map((node) => definition.nodes[node]?.type);
    expect(after).not.toContain('message');
  });

  it.each(EXPECTED_FLOWS)('%s suggests deleting the chat only after a clear yes', (id) => {
    const { definition } = flows.find((f) => f.id === id)!;
    const withAdvice = allTexts(definition).filter(({ text }) => /borra/i.test(text)).map(({ node }) => node);
    expect(withAdvice.length).toBeGreaterThan(0);
    const beforeYes = afterAnythingButYes(definition);
    expect(withAdvice.filter((node) => beforeYes.has(node) || node === definition.start || node === 'momento')).toEqual([]);
  });

  it('promises no person at a moment while nobody is on duty: a handoff that does has a text_after_hours that does not', () => {
    const PROMISES_A_MOMENT = /\b(ratito|hoy|minutos|momento|ahorita)\b/i;
    const handoffs = flows.flatMap((flow) =>
      Object.entries(flow.definition.nodes).flatMap(([id, node]) => (node.type === 'handoff' && node.text !== undefined ? [{ at: `${flow.id}:${id}`, node }] : [])),
    );
    const promising = handoffs.filter(({ node }) => textVersions(node.text!).some(([, text]) => PROMISES_A_MOMENT.test(text)));
    expect(promising.length).toBeGreaterThanOrEqual(7);
    expect(promising.filter(({ node }) => node.text_after_hours === undefined).map(({ at }) => at)).toEqual([]);
    const afterHours = handoffs.flatMap(({ at, node }) => (node.text_after_hours === undefined ? [] : textVersions(node.text_after_hours).map(([, text]) => ({ at, text }))));
    expect(afterHours.filter(({ text }) => PROMISES_A_MOMENT.test(text) || !text.includes('{{atencion_hora}}')).map(({ at }) => at)).toEqual([]);
    for (const reply of [settings.definition.person_request.reply_after_hours, settings.definition.person_request.long_message_reply_after_hours, settings.definition.emergency.reply_after_hours]) {
      expect(textVersions(reply).filter(([, text]) => PROMISES_A_MOMENT.test(text))).toEqual([]);
    }
  });

  it('keeps every message short', () => {
    const long = flows.flatMap((flow) => allTexts(flow.definition).filter(({ text }) => text.length > 200).map(({ node }) => `${flow.id}:${node}`));
    expect(long).toEqual([]);
  });

  it('routes legal and psychological questions of the check-in to a person with their reason', () => {
    const { definition } = flows.find((f) => f.id === 'seguimiento')!;
    const handoffs = Object.values(definition.nodes).flatMap((node) => (node.type === 'handoff' ? [`${node.reason}:${node.urgency}`] : []));
    expect(new Set(handoffs)).toEqual(new Set(['pide_persona:urgent', 'pide_persona:normal', 'juridica:normal', 'psicologica:normal', 'otra_duda:normal']));
  });

  it('asks how she feels in the first contact with 3 choices, each with synonyms, saved as a result', () => {
    const question = flows.find((f) => f.id === 'primer-contacto')!.definition.nodes['como_te_sientes'];
    if (question?.type !== 'question') throw new Error('como_te_sientes must be a question');
    expect(question.choices?.map((choice) => choice.id)).toEqual(['bien', 'mas_o_menos', 'mal', 'hablar_con_alguien']);
    expect((question.choices ?? []).every((choice) => choice.synonyms.length > 0)).toBe(true);
    expect(question.save_as).toBe('como_se_siente');
  });

  it('ends the first contact with an outcome for each path', () => {
    const { definition } = flows.find((f) => f.id === 'primer-contacto')!;
    const outcomes = Object.values(definition.nodes).flatMap((node) =>
      node.type === 'end' || node.type === 'handoff' ? [node.outcome ?? 'handoff'] : [],
    );
    expect(outcomes.sort()).toEqual(['completado', 'no_es_buen_momento', 'pide_persona', 'sin_respuesta']);
  });
});
