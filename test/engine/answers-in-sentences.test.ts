import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadFlowDirectory,
  resume,
  SESSION_VERSION,
  type CompiledFlow,
  type FlowEvent,
  type RunContext,
  type WaitingFlowSession,
} from '../../src/engine/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const ctx: RunContext = {
  now: '2025-06-02T16:00:00.000Z',
  language: 'es-MX',
  alias: 'Lupita',
  insideSafeHours: true,
  fields: { cita_hora: 'el jueves a las 10:00', cita_opciones: '1. lunes\n2. martes\n3. miércoles', tiene_cita: true },
};

/** What an answer does at a question: the choice id (or si/no) it picks, or `reask`. */
function outcome(events: readonly FlowEvent[]): string {
  for (const event of events) {
    if (event.type === 'input_rejected') return 'reask';
    if (event.type === 'result_saved') return event.choice ?? event.value;
  }
  return 'moved on without a result';
}

/**
 * Natural answers, as survivors write them, for every question of every shipped flow, with the
 * choice each must pick, or `reask` where a guess could misread her (negations, two choices, doubt).
 */
const CASES: Record<string, Record<string, ReadonlyArray<readonly [string, string]>>> = {
  'primer-contacto': {
    momento: [
      ['sí, ahorita puedo', 'si'], ['siii', 'si'], ['👍', 'si'], ['👍🏽 ya', 'si'], ['sii claro', 'si'], ['ok, dime', 'si'],
      ['no, ahorita no puedo', 'no'], ['👎', 'no'], ['noo', 'no'], ['la 2', 'no'], ['opción uno', 'si'], ['uno', 'si'],
      ['sí pero no puedo', 'reask'], ['no sé', 'reask'], ['tal vez', 'reask'], ['¿quién eres?', 'reask' /* the service then answers it as who_is_writing */], ['la 3', 'reask'],
      ['1 o 2', 'reask'], ['simón', 'si'], ['sip', 'si'], ['ajá, dime', 'si'], ['nel', 'no'],
      ['ahorita no porque está aquí', 'no'], ['no pq estoy con él', 'no'], ['estoy trabajando', 'no'],
      // He is there: «no», not a re-ask she would have to answer again beside him.
      ['estoy con él', 'no'], ['él está aquí', 'no'], ['no estoy sola', 'no'], ['ya llegó', 'no'], ['está en la casa', 'no'],
      ['no es buen momento', 'no'], ['no puedo hablar', 'no'], ['mañana', 'no'], ['en la noche', 'no'],
      ['dime', 'si'], ['te escucho', 'si'], ['sí, él ya se fue', 'si'], ['sí, mañana tengo cita', 'reask'],
      ['estoy en la calle', 'no'], ['no por ahora', 'no'],
      // Not today, or she will write herself: «no», read at every «sí»/«no» question.
      ['ahorita no me escribas', 'no'], ['no me escribas hoy', 'no'], ['yo te escribo cuando pueda', 'no'], ['yo te busco', 'no'],
    ],
    como_te_sientes: [
      ['me siento mal', 'mal'], ['la verdad muy mal', 'mal'], ['estoy bien gracias', 'bien'], ['bien 👍', 'bien'],
      ['ahí la llevo, gracias', 'mas_o_menos'], ['la 3', 'mal'], ['opción dos', 'mas_o_menos'], ['3 gracias', 'mal'],
      ['me siento triste', 'mal'], ['no muy bien la verdad', 'mal'], ['necesito hablar con alguien por favor', 'hablar_con_alguien'],
      ['no estoy bien', 'reask'], ['no me siento bien', 'reask'], ['he estado mejor', 'reask'], ['nunca estoy tranquila', 'reask'],
      ['bien y mal', 'reask'], ['no me siento mal', 'reask'], ['biennn', 'bien'], ['MAAAL', 'mal'],
      ['tengo 3 hijos y estoy cansada', 'mal'], ['a las 3 me siento mal', 'mal'],
      ['bien, ¿y tú?', 'bien'], ['mal y tu?', 'mal'], ['bien, ¿y tú qué haces?', 'reask'],
      ['pues más o menos, no he dormido bien', 'mas_o_menos'], ['no estoy bien, me siento mal', 'mal'],
      ['mal, no dormí bien', 'mal'], ['mal, no he podido dormir bien', 'reask'], ['no me siento mal, estoy bien', 'bien'], ['mal no bien', 'reask'],
      ['no estoy mal pero tampoco bien', 'reask'], ['bien, aunque no duermo bien', 'reask'],
      ['pues ahí', 'mas_o_menos'], ['ahí vamos', 'mas_o_menos'], ['no tan mal', 'mas_o_menos'], ['todo tranquilo', 'bien'],
      ['me siento sola', 'mal'], ['nerviosa', 'mal'], ['ansiosa la verdad', 'mal'],
      ['no estoy sola, estoy con mi mamá', 'reask'], ['ya no estoy nerviosa', 'reask'], ['sigo igual', 'reask'], ['normal', 'reask'],
    ],
    ofrecer_persona: [
      ['sí, por favor', 'si'], ['👍', 'si'], ['no, gracias, así estoy', 'no'], ['sí pero no hoy', 'reask'], ['no sé', 'reask'],
      ['¿quién me escribiría?', 'reask'],
      ['me gustaría', 'si'], ['ándale', 'si'], ['estaría bien', 'si'], ['no hace falta', 'no'], ['no es necesario', 'no'],
      ['así estoy bien', 'no'], ['no me gustaría', 'no'], ['me gustaría pero no puedo', 'reask'], ['tal vez', 'reask'],
      ['estoy con él', 'no'], ['yo te busco', 'no'],
    ],
  },
  seguimiento: {
    momento: [
      ['sí, ahorita puedo', 'si'], ['👍', 'si'], ['mejor más tarde', 'mas_tarde'], ['no, hoy no puedo', 'no'],
      ['opción 3', 'mas_tarde'], ['la 3', '2025-06-02T20:00:00.000Z'], ['estoy ocupada', 'mas_tarde'], ['dame 10 minutos', '2025-06-02T16:10:00.000Z'], ['al rato te escribo', 'mas_tarde'], ['sí pero al rato', 'reask'], ['no sé', 'reask'],
      ['no es buen momento', 'no'], ['estoy con él', 'no'], ['está en casa', 'no'],
      ['estoy manejando', 'mas_tarde'], ['estoy con mis hijos', 'mas_tarde'], ['no x ahora', 'no'],
      ['ahorita no me escribas', 'no'], ['yo te escribo cuando pueda', 'no'], ['yo te marco', 'no'], ['yo te escribo después', 'mas_tarde'],
      ['ya llegó', 'no'], ['no estoy sola', 'no'],
    ],
    como_estas: [
      ['me siento mal', 'mal'], ['estoy bien', 'bien'], ['más o menos, ahí voy', 'mas_o_menos'], ['ni bien ni mal', 'mas_o_menos'],
      ['pues con miedo', 'mal'], ['la 1', 'bien'], ['no estoy bien', 'reask'], ['he estado mejor', 'reask'],
      ['no me siento bien la verdad', 'reask'], ['no, bien', 'bien'], ['bien, no te preocupes', 'bien'],
      ['me siento baja de ánimo', 'reask'], ['con mucho miedo', 'mal'], ['fatal', 'mal'], ['bien gracias, ¿y usted?', 'bien'],
      ['ahí andamos', 'mas_o_menos'], ['desesperada', 'mal'], ['todo tranquilo', 'bien'],
      // A face for an answer: sad or crying is «mal», a smile «bien», a shrug «más o menos».
      ['😢', 'mal'], ['😭😭', 'mal'], ['☹️', 'mal'], ['🙂', 'bien'], ['😊 gracias', 'bien'], ['🤷‍♀️', 'mas_o_menos'],
      ['😢🙂', 'reask'], ['😂', 'reask'],
    ],
    ofrecer_persona: [
      ['sí, por favor', 'si'], ['siii porfa', 'si'], ['👍', 'si'], ['no, gracias, así estoy', 'no'], ['👎', 'no'],
      ['sí pero no hoy', 'reask'], ['sí, pero no hoy', 'reask'], ['sí, no hay problema', 'si'], ['no sé', 'reask'], ['¿quién me escribiría?', 'reask'], ['ok 👍', 'si'],
      ['ya llegó', 'no'],
    ],
    necesitas_algo: [
      ['tengo una duda', 'duda'], ['quiero platicar con alguien', 'persona'], ['no, por ahora estoy bien', 'nada'],
      ['no estoy bien', 'reask'], ['no me siento nada bien', 'reask'], ['la dos', 'duda'], ['nada, gracias', 'nada'],
      ['no necesito ayuda, gracias', 'nada'], ['por ahora no necesito nada', 'nada'], ['ahorita no, gracias', 'nada'],
      ['quisiera platicar con la psicóloga', 'persona'], ['con la licenciada', 'persona'], ['quiero saber de mi denuncia', 'duda'],
      ['necesito información', 'duda'], ['no nada', 'nada'], ['nada más eso', 'nada'],
    ],
    urgencia: [
      ['ahorita por favor', 'ahora'], ['es urgente', 'ahora'], ['no es urgente, al rato', 'hoy'], ['hoy en la tarde', 'hoy'],
      ['ahorita no, más tarde', 'reask'],
      ['cuando puedan', 'hoy'], ['no hay prisa', 'hoy'], ['mañana', 'hoy'], ['lo más pronto posible', 'ahora'],
    ],
    tipo_de_duda: [
      ['sobre unos papeles', 'tramites'], ['es algo legal', 'tramites'], ['de cómo me siento', 'emociones'], ['otra cosa', 'otra'],
      ['no sé', 'otra'], ['papeles y cómo me siento', 'reask'],
      // What the unit's legal area answers, in her words (words no outgoing text may carry, but she may write).
      ['sobre mi denuncia', 'tramites'], ['la demanda', 'tramites'], ['el divorcio', 'tramites'], ['la pensión', 'tramites'],
      ['la custodia de mis hijos', 'tramites'], ['una orden de protección', 'tramites'], ['la audiencia', 'tramites'],
      ['me siento triste', 'emociones'], ['no puedo dormir', 'emociones'], ['la demanda y cómo me siento', 'reask'], ['mis hijos', 'reask'],
    ],
  },
  cierre: {
    momento: [['sí, ahorita puedo', 'si'], ['no puedo ahorita', 'no'], ['mejor luego', 'mas_tarde'], ['no sé', 'reask'], ['ya llegó', 'no'], ['estoy en la calle', 'mas_tarde'], ['yo te escribo', 'no'], ['estoy con él', 'no']],
    opinion: [
      ['sí, mucho', 'mucho'], ['me sirvieron bastante', 'mucho'], ['un poquito', 'poco'], ['no mucho la verdad', 'no_mucho'],
      ['no me sirvieron', 'reask'], ['no, la verdad no', 'no_mucho'], ['la 2', 'poco'],
      ['fueron de mucha ayuda', 'mucho'], ['sí, me fueron de gran ayuda, gracias', 'mucho'], ['muchísimo', 'mucho'], ['excelente', 'mucho'],
    ],
    algo_mas: [
      ['no, todo bien', 'nada'], ['no, gracias, estoy bien', 'nada'], ['quiero platicar con una persona', 'persona'],
      ['no estoy bien', 'reask'], ['¿nada más eso?', 'reask'],
    ],
  },
  'confirmacion-videollamada': {
    momento: [['sí, dime', 'si'], ['ahorita no puedo', 'no'], ['👍', 'si'], ['está en casa', 'no'], ['ahorita no me escribas', 'no'], ['estoy con él', 'no']],
    recordatorio: [
      ['sí, ahí estaré', 'confirmar'], ['claro, ahí nos vemos', 'confirmar'], ['necesito cambiar la hora', 'cambiar'],
      ['ya no puedo, perdón', 'cancelar'], ['no puedo a esa hora', 'cambiar'], ['no estaré', 'reask'], ['no, ya no', 'cancelar'], ['mejor no', 'cancelar'], ['ya no', 'cancelar'], ['ya no puedo a esa hora', 'cambiar'], ['ya no me siento bien', 'reask'],
      ['no voy a poder', 'cancelar'], ['se me complica', 'cambiar'], ['tengo que trabajar', 'cambiar'],
      ['sí pero más tarde', 'reask'], // was «Sí, ahí estaré»
    ],
  },
  'enlace-videollamada': {
    momento: [['siii', 'si'], ['no, ahora no', 'no'], ['sí y no', 'reask'], ['él está aquí', 'no'], ['voy manejando', 'no'], ['yo te busco', 'no'], ['ya llegó', 'no']],
  },
  'invitacion-videollamada': {
    momento: [['sí, ahorita puedo', 'si'], ['mejor otro día', 'no'], ['opción 3', 'mas_tarde'], ['no, ahorita no puedo', 'no'], ['no estoy sola', 'no'], ['no me escribas hoy', 'no'], ['estoy con él', 'no']],
    invitacion: [
      ['sí, me queda bien', 'confirmar'], ['prefiero otro horario', 'otro_horario'], ['no, gracias', 'cancelar'],
      ['no me queda bien', 'reask'], ['ahí estaré 👍', 'confirmar'],
      ['ese día trabajo', 'otro_horario'], ['ese día no puedo', 'otro_horario'], ['mejor en la tarde', 'otro_horario'], ['sí pero más tarde', 'reask'],
    ],
    opciones: [
      ['la 2', 'opcion_2'], ['el primero porfa', 'opcion_1'], ['opción tres', 'opcion_3'], ['ninguno me queda', 'ninguno'],
      ['la 2 o la 3', 'reask'], ['la 7', 'reask'],
    ],
  },
};

let flows: Map<string, CompiledFlow>;

beforeAll(async () => {
  const loaded = await loadFlowDirectory(join(ROOT, 'flows'));
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.formatted).join('\n'));
  flows = new Map(loaded.flows.map((flow) => [flow.id, flow]));
});

function answerAt(flowId: string, node: string, text: string): string {
  const flow = flows.get(flowId);
  if (flow === undefined) throw new Error(`no flow ${flowId}`);
  const session: WaitingFlowSession = {
    version: SESSION_VERSION,
    flowId,
    node,
    status: 'waiting',
    attempts: 0,
    results: {},
    startedAt: ctx.now,
    updatedAt: ctx.now,
  };
  return outcome(resume(flow, session, { kind: 'text', text }, ctx, flows).events);
}

describe('answers inside sentences, at every question of the shipped flows', () => {
  it('covers every question that has choices or a yes/no answer', () => {
    const questions = [...flows.values()].flatMap((flow) =>
      Object.entries(flow.definition.nodes)
        .filter(([, node]) => node.type === 'question' && (node.choices !== undefined || node.answer === 'yes_no'))
        .map(([id]) => `${flow.id}:${id}`),
    );
    const covered = Object.entries(CASES).flatMap(([flow, nodes]) => Object.keys(nodes).map((node) => `${flow}:${node}`));
    expect(questions.filter((question) => !covered.includes(question))).toEqual([]);
  });

  for (const [flowId, nodes] of Object.entries(CASES)) {
    for (const [node, answers] of Object.entries(nodes)) {
      it.each(answers)(`${flowId}:${node} %j → %s`, (text, expected) => {
        expect(answerAt(flowId, node, text)).toBe(expected);
      });
    }
  }
});
