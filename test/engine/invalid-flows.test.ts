import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, loadFlowFile, parseFlowSource } from '../../src/engine/index.js';

const INVALID = join(import.meta.dirname, 'fixtures', 'invalid');

/** Each fixture is broken in one way; the diagnostics must name the exact place and problem, in the flow authors' Spanish. */
const cases: Array<[file: string, expected: string[]]> = [
  ['unknown-node-type.yaml', ['6:11: tipo de nodo desconocido "mensaje" (¿quisiste decir "message"?)']],
  ['unknown-field.yaml', ['11:9: campo desconocido "synonym" (¿quisiste decir "synonyms"?)']],
  [
    'dangling-next.yaml',
    ['12:17: "on_give_up" apunta a "despedida_neutral", que no es un nodo de este flujo (¿quisiste decir "despedida_neutra"?)'],
  ],
  ['unreachable-node.yaml', ['9:3: al nodo "olvidado" nunca se llega desde el nodo de inicio "saludo"']],
  ['duplicate-node-id.yaml', ['9:3: el id de nodo "saludo" se usa dos veces: cada nodo necesita su propio id']],
  [
    'bad-placeholder.yaml',
    [
      '7:11: aviso: no hay traducción "en": se envía la de es-MX (otros textos de aquí sí la tienen)',
      '7:17: marcador desconocido "{{nombre}}": solo se pueden usar {{alias}}, {{cita_hora}}, {{cita_enlace}} y {{cita_opciones}}',
      '13:16: "{alias}" no es un marcador: escribe {{alias}} con dos llaves de cada lado',
    ],
  ],
  [
    'after-hours-placeholder.yaml',
    [
      '7:29: "{{atencion_hora}}" solo se puede usar en los textos para cuando no hay nadie del personal en horario (text_after_hours, reply_after_hours)',
      '13:52: "{{atencion_hora}}" solo se puede usar en los textos para cuando no hay nadie del personal en horario (text_after_hours, reply_after_hours)',
    ],
  ],
  ['missing-es-mx.yaml', ['7:5: las traducciones necesitan un texto "es-MX" (es el que se usa cuando falta una traducción)']],
  ['yaml-syntax-error.yaml', ['7:11: este texto entre comillas nunca se cierra: agrega la comilla " que falta donde termina']],
  ['flow-id-mismatch.yaml', ['1:7: el id del flujo "otro-nombre" debe ser igual al nombre del archivo "flow-id-mismatch"']],
  [
    'message-loop.yaml',
    ['5:3: los nodos "uno" → "dos" → "uno" forman un ciclo sin ninguna pregunta, así que el flujo nunca dejaría de enviar mensajes'],
  ],
  ['duplicate-choice-id.yaml', ['12:13: el id de opción "si" se usa dos veces en esta pregunta']],
  [
    'ambiguous-synonym.yaml',
    [
      '15:20: "mas tarde" coincidiría con la opción "si" y con la opción "no": una respuesta debe elegir solo una',
      '15:33: "3" es un número, y los números eligen las opciones por su posición (1 a 2): usa palabras aquí',
    ],
  ],
  [
    'reserved-category.yaml',
    [
      '12:13: "sin_categoria" es la palabra con la que los informes cuentan las respuestas sin categoría (texto libre, números, fechas): usa otra',
      '20:12: "sin_categoria" es la palabra con la que los informes cuentan las respuestas sin categoría (texto libre, números, fechas): usa otra',
    ],
  ],
  ['max-attempts-zero.yaml', ['12:19: "max_attempts" debe ser al menos 1']],
  ['missing-start.yaml', ['3:8: el nodo de inicio "saludos" no es un nodo de este flujo (¿quisiste decir "saludo"?)']],
  [
    'wrong-types.yaml',
    [
      '7:11: "text" no puede estar vacío',
      '9:13: "id" debe ser un texto, no true (escríbelo entre comillas: "true")',
      '10:16: "label" debe ser un texto, o una lista de traducciones con una entrada "es-MX"',
      '11:9: "next" no tiene valor',
      '13:3: falta el campo obligatorio "outcome"',
    ],
  ],
  ['empty.yaml', ['1:1: el archivo está vacío: un archivo de flujo necesita flow, name, start y nodes']],
  [
    'denied-word.yaml',
    [
      '7:11: aviso: no hay traducción "en": se envía la de es-MX (otros textos de aquí sí la tienen)',
      '7:36: "denuncia" está en la lista de palabras prohibidas ("denuncia" en deny_words): un texto que ella recibe debe leerse como un mensaje cualquiera',
      '13:30: "911" está en la lista de palabras prohibidas ("911" en deny_words): un texto que ella recibe debe leerse como un mensaje cualquiera',
      '15:28: aviso: no hay traducción "en": se envía la de es-MX (otros textos de aquí sí la tienen)',
      '15:33: "Violencia" está en la lista de palabras prohibidas ("violencia" en deny_words): un texto que ella recibe debe leerse como un mensaje cualquiera',
      '16:12: aviso: no hay traducción "en": se envía la de es-MX (otros textos de aquí sí la tienen)',
      '16:19: "agresor" está en la lista de palabras prohibidas ("agresor" en deny_words): un texto que ella recibe debe leerse como un mensaje cualquiera',
    ],
  ],
  [
    'question-exits.yaml',
    [
      '5:3: falta el campo obligatorio "on_give_up": a dónde va el flujo después de 3 respuestas que no pudo entender',
      '10:3: falta el campo obligatorio "on_no": a dónde va el flujo cuando ella responde que no',
      '21:5: "on_give_up" nunca se toma: una pregunta "answer: text" acepta cualquier respuesta',
    ],
  ],
  [
    'result-references.yaml',
    [
      '17:17: "biem" nunca es un valor de "animo" (puede ser: bien, mal) (¿quisiste decir "bien"?)',
      '22:18: ningún nodo de este flujo guarda un resultado "animos" (¿quisiste decir "animo"?)',
      '26:16: "animo" no lo guarda una pregunta "answer: datetime", así que nunca tiene una fecha',
    ],
  ],
  [
    'flow-references.yaml',
    [
      '7:11: no hay ningún flujo "no-existe" en esta carpeta',
      '13:11: no hay ningún flujo "question-exit" en esta carpeta (¿quisiste decir "question-exits"?)',
    ],
  ],
  [
    'choice-is-interrupt.yaml',
    [
      '9:55: "necesito ayuda" contiene una palabra de emergencia (ajustes.yaml): esa respuesta se toma como una interrupción antes de que esta pregunta la vea',
      '10:29: "Alto" contiene una palabra para darse de baja (ajustes.yaml): esa respuesta se toma como una interrupción antes de que esta pregunta la vea',
    ],
  ],
  ['bad-timeout.yaml', ['11:23: "4h": debe ser una duración ISO 8601, como PT4H (4 horas), PT30M (30 minutos) o P1D (1 día)']],
  [
    'one-of-rules.yaml',
    [
      '8:5: un nodo set guarda en un solo lugar: "case_field" o "result"',
      '14:5: un branch mira una sola cosa: "field" o "safe_hours", no las dos',
      '15:3: un goto necesita "node" (un nodo de este flujo) o "flow" (otro flujo)',
    ],
  ],
];

describe('invalid flow files', () => {
  for (const [name, expected] of cases) {
    it(`${name} is rejected at the right place`, async () => {
      const file = join(INVALID, name);
      const result = await loadFlowFile(file);
      expect(result.ok).toBe(false);
      expect(result.diagnostics.map((d) => d.formatted)).toEqual(expected.map((line) => `${file}:${line}`));
      expect(result.diagnostics.every((d) => d.file === file)).toBe(true);
      expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    });
  }

  it('says each problem in English too, for --lang en', async () => {
    const english = async (name: string) => {
      const file = join(INVALID, name);
      return (await loadFlowFile(file)).diagnostics.map((d) => formatDiagnostic(d, 'en').slice(file.length + 1));
    };
    expect(await english('dangling-next.yaml')).toEqual([
      '12:17: "on_give_up" points to "despedida_neutral", which is not a node of this flow (did you mean "despedida_neutra"?)',
    ]);
    expect(await english('bad-placeholder.yaml')).toEqual([
      '7:11: warning: no "en" translation: es-MX is sent instead (other texts here have one)',
      '7:17: unknown placeholder "{{nombre}}": only {{alias}}, {{cita_hora}}, {{cita_enlace}} and {{cita_opciones}} can be used',
      '13:16: "{alias}" is not a placeholder: write {{alias}} with two braces on each side',
    ]);
    expect(await english('wrong-types.yaml')).toContain('9:13: "id" must be a text, not true (write it in quotes: "true")');
    expect(await english('unreachable-node.yaml')).toEqual(['9:3: node "olvidado" can never be reached from the start node "saludo"']);
  });

  it('has a case for every fixture', async () => {
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(INVALID).sort()).toEqual(cases.map(([name]) => name).sort());
  });
});

describe('phrases of two choices that meet in one sentence', () => {
  it('loads the flow, with a warning at the later phrase naming the sentence', () => {
    const source = [
      'flow: frases',
      'name: Frases que chocan',
      'start: pregunta',
      'nodes:',
      '  pregunta:',
      '    type: question',
      '    text: "¿Es buen momento?"',
      '    choices:',
      '      - { id: "no", label: "No", synonyms: ["no puedo"], next: fin }',
      '      - { id: luego, label: "Luego", synonyms: ["puedo mañana", "más tarde"], next: fin }',
      '    on_give_up: fin',
      '  fin: { type: end, outcome: completado }',
    ].join('\n');
    const result = parseFlowSource(source, { file: 'frases.yaml' });
    expect(result.ok).toBe(true);
    expect(result.diagnostics.map((d) => `${d.severity}: ${d.message.es}`)).toEqual([
      'warning: "puedo mañana" (opción "luego") y "no puedo" (opción "no") pueden juntarse en una sola frase ("no puedo manana"): una respuesta así sirve para las dos opciones y se vuelve a preguntar',
    ]);
    expect(result.diagnostics[0]?.message.en).toBe(
      '"puedo mañana" (choice "luego") and "no puedo" (choice "no") can meet in one sentence ("no puedo manana"): such an answer fits both choices and is asked again',
    );
  });
});
