import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runFlowsCommand, type CommandIo } from '../../src/cli/flows/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FLOWS = join(ROOT, 'flows');
const INVALID = join(import.meta.dirname, 'fixtures', 'invalid');

/** Runs `acompana flows ...args` in-process with `input` as stdin; returns the exit code and output. */
async function flows(args: string[], input = '', lang?: 'es' | 'en'): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: Readable.from([input]),
    ...(lang ? { lang } : {}),
  };
  const code = await runFlowsCommand(args, io);
  return { code, stdout, stderr };
}

describe('acompana flows validate', () => {
  it('passes the shipped flows and their settings', async () => {
    const result = await flows(['validate', FLOWS]);
    expect(result).toEqual({ code: 0, stdout: `ok: ${FLOWS}: 0 errores, 0 avisos\n`, stderr: '' });
    expect(await flows(['validate', FLOWS], '', 'en')).toEqual({ code: 0, stdout: `ok: ${FLOWS}: 0 errors, 0 warnings\n`, stderr: '' });
  });

  it('prints file:line:column: message for each problem and exits 1', async () => {
    const file = join(INVALID, 'question-exits.yaml');
    const result = await flows(['validate', file, join(INVALID, 'dangling-next.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      `${file}:5:3: falta el campo obligatorio "on_give_up": a dónde va el flujo después de 3 respuestas que no pudo entender`,
      `${file}:10:3: falta el campo obligatorio "on_no": a dónde va el flujo cuando ella responde que no`,
      `${file}:21:5: "on_give_up" nunca se toma: una pregunta "answer: text" acepta cualquier respuesta`,
      `${join(INVALID, 'dangling-next.yaml')}:12:17: "on_give_up" apunta a "despedida_neutral", que no es un nodo de este flujo (¿quisiste decir "despedida_neutra"?)`,
      `con errores: ${file} ${join(INVALID, 'dangling-next.yaml')}: 4 errores, 0 avisos`,
      '',
    ]);
  });

  it('prints the same problems in English with --lang en', async () => {
    const file = join(INVALID, 'question-exits.yaml');
    const result = await flows(['validate', file, join(INVALID, 'dangling-next.yaml')], '', 'en');
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      `${file}:5:3: missing required field "on_give_up": where the flow goes after 3 answers it could not understand`,
      `${file}:10:3: missing required field "on_no": where the flow goes when she answers no`,
      `${file}:21:5: "on_give_up" is never taken: an "answer: text" question accepts any answer`,
      `${join(INVALID, 'dangling-next.yaml')}:12:17: "on_give_up" points to "despedida_neutral", which is not a node of this flow (did you mean "despedida_neutra"?)`,
      `invalid: ${file} ${join(INVALID, 'dangling-next.yaml')}: 4 errors, 0 warnings`,
      '',
    ]);
    const warnings = await flows(['validate', join(import.meta.dirname, 'fixtures', 'traducciones.yaml')], '', 'en');
    expect(warnings.stdout).toMatch(/traducciones\.yaml:9:7: warning: no "yua" translation/);
  });

  it('validates a settings file given alone, and exits 0 with warnings only', async () => {
    const settings = join(import.meta.dirname, 'fixtures', 'settings', 'missing-translation.yaml');
    expect((await flows(['validate', join(FLOWS, 'ajustes.yaml')])).code).toBe(0);
    const fixtures = await flows(['validate', join(import.meta.dirname, 'fixtures', 'traducciones.yaml')]);
    expect(fixtures.code).toBe(0);
    expect(fixtures.stdout).toMatch(/traducciones\.yaml:9:7: aviso: no hay traducción "yua"/);
    expect((await flows(['validate', settings])).code).toBe(0);
    const broken = await flows(['validate', join(import.meta.dirname, 'fixtures', 'settings', 'word-in-two-lists.yaml')]);
    expect(broken.code).toBe(1);
  });

  it('reports a path that does not exist, and refuses unknown options', async () => {
    const missing = await flows(['validate', join(INVALID, 'nada.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/nada\.yaml:1:1: no se puede leer el archivo: no existe \(ENOENT\)/);
    expect((await flows(['validate', '--fix'])).code).toBe(2);
  });
});

describe('acompana flows graph', () => {
  it('prints a Mermaid flowchart with every node and labelled exits', async () => {
    const result = await flows(['graph', join(FLOWS, 'seguimiento.yaml')]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '%% Seguimiento periódico (seguimiento)',
      'flowchart TD',
      '  inicio(("Inicio")) --> n_horario',
      '  n_horario{"horario:<br/>¿Es su horario seguro?"}',
    ]);
    expect(lines).toContain('  n_momento("momento:<br/>Pregunta: Hola #123;#123;alias#125;#125;, soy Ana. 🙂 ¿Es buen<br/>momento para platicar? Responde 1 (sí), 2 (no) o<br/>3 (más tarde).")');
    expect(lines).toContain('  n_momento -->|"Más tarde"| n_programar_mas_tarde');
    expect(lines).toContain('  n_momento -->|"sin respuesta en 4 h"| n_programar_sin_respuesta');
    expect(lines).toContain('  n_momento -->|"día u hora"| n_programar_hora_elegida');
    expect(lines).toContain('  n_horario -->|"fuera de su horario (o sin dato)"| n_programar_fuera_de_horario');
    expect(lines).toContain(
      '  n_pasar_juridica{{"pasar_juridica:<br/>Pasa a una persona (normal, juridica): Va. Hoy<br/>te escribe por aquí una persona que te puede<br/>orientar con eso. (fuera de horario: Va. Te<br/>escribe por aquí desde #123;#123;atencion_hora#125;#125; una<br/>persona que te puede orientar con eso.)"}}',
    );
    expect(lines).toContain('  class n_fin_fuera_de_horario,n_fin_completado,n_fin_no_es_buen_momento,n_fin_reprogramado,n_fin_sin_respuesta,n_fin_interrumpida k_end');
  });

  it('shows a goto into another flow', async () => {
    const result = await flows(['graph', join(import.meta.dirname, 'fixtures', 'salto-inicio.yaml')]);
    expect(result.stdout).toContain('  n_ir --> flujo_salto_destino[["flujo salto-destino: despedida"]]');
  });

  it('prints the diagnostics of an invalid flow instead', async () => {
    const result = await flows(['graph', join(INVALID, 'dangling-next.yaml')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/dangling-next\.yaml:12:17: "on_give_up" apunta a/);
  });
});

describe('acompana flows try', () => {
  const seguimiento = join(FLOWS, 'seguimiento.yaml');
  const now = ['--now', '2025-06-02T16:00:00Z'];

  it('runs the flow with her messages, a fake clock and the timeouts, saying what happens in Spanish', async () => {
    const result = await flows(['try', seguimiento, ...now], '1\nmal\n/advance 7h\n/now\n');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'Escribe sus mensajes; /help muestra los comandos, /quit sale.',
      '[lun 2 jun 2025 11:00 (Cancún)] Seguimiento periódico (seguimiento) empieza',
      '← Hola Lupita, soy Ana. 🙂 ¿Es buen momento para platicar? Responde 1 (sí), 2 (no) o 3 (más tarde).',
      '  · espera su respuesta en "momento" (si no responde antes del lun 2 jun 15:00: /timeout)',
      '> 1',
      '  · resultado buen_momento = "1" (opción si)',
      '← Qué gusto. ¿Cómo has estado estos días? Responde con el número:',
      '',
      '  1. Bien',
      '  2. Más o menos',
      '  3. Mal',
      '  · espera su respuesta en "como_estas" (si no responde antes del lun 2 jun 17:00: /timeout)',
      '> mal',
      '  · resultado como_esta = "mal" (opción mal)',
      '← Siento que estos días no hayan sido fáciles. Gracias por decírmelo, no estás sola.',
      '← ¿Te gustaría que te escriba por aquí una persona de confianza para platicar? Responde sí o no.',
      '  · espera su respuesta en "ofrecer_persona" (si no responde antes del lun 2 jun 17:00: /timeout)',
      '> /advance 7h',
      '· [lun 2 jun 2025 17:00 (Cancún)] sin respuesta: vence la espera',
      '  · agenda un seguimiento "seguimiento" dentro de P1D (motivo interrumpida)',
      '  · el flujo terminó: interrumpida',
      '· ahora es lun 2 jun 2025 18:00 (Cancún)',
      '> /now',
      '· ahora es lun 2 jun 2025 18:00 (Cancún)',
      '',
    ]);
  });

  it('says the same in English when the command speaks English', async () => {
    const result = await flows(['try', seguimiento, ...now], '1\n/advance 7h\n/help\n', 'en');
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'Type her messages; /help lists the commands, /quit leaves.',
      '[lun 2 jun 2025 11:00 (Cancún)] Seguimiento periódico (seguimiento) starts',
      '← Hola Lupita, soy Ana. 🙂 ¿Es buen momento para platicar? Responde 1 (sí), 2 (no) o 3 (más tarde).',
      '  · waits for her answer at "momento" (no answer by lun 2 jun 15:00: /timeout)',
    ]);
    expect(lines).toContain('  · result buen_momento = "1" (choice si)');
    expect(lines).toContain('· [lun 2 jun 2025 17:00 (Cancún)] no answer: the timeout fires');
    expect(lines).toContain('Type her messages. Commands:');
  });

  it('answers interrupts as the service does, her code word included; --lang after try is her language', async () => {
    const result = await flows(['try', seguimiento, ...now, '--code-word', 'Mariposa azul', '--lang', 'en'], 'mariposa AZUL!\n/restart\nbaja\nhola\n/quit\n1\n');
    const lines = result.stdout.split('\n');
    expect(lines).toContain('· interrupción: code_word');
    expect(lines).toContain('← Ok, thanks 👍');
    expect(lines).toContain('  · PASA A UNA PERSONA, urgente (motivo code_word): el bot se queda callado en este caso');
    expect(lines).toContain('· interrupción: opt_out');
    expect(lines).toContain('  · se dio de baja: no se le envía nada más hasta que vuelva a escribir');
    expect(lines).toContain('· el flujo terminó: ahora solo responden las interrupciones; /restart para correrlo otra vez');
    expect(lines.at(-2)).toBe('> /quit');
  });

  it('takes her request for a person where the question does not understand her, as the service does', async () => {
    const result = await flows(['try', seguimiento, ...now], 'no quiero hablar con alguien\nmejor quiero hablar con una persona de verdad\n/quit\n');
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => line.includes('interrupción'))).toEqual(['· interrupción: person_request']);
    expect(lines).toContain('← Claro que sí. En un ratito te escribe por aquí una persona de confianza.');
    expect(lines).toContain('  · PASA A UNA PERSONA, normal (motivo pide_persona): el bot se queda callado en este caso');
  });

  it('says when her message holds a risk signal, and the flow goes on as it would', async () => {
    const result = await flows(['try', seguimiento, ...now], '1\nmal, tengo miedo\n/quit\n');
    const lines = result.stdout.split('\n');
    const risk = lines.indexOf('· señal de riesgo (ajustes.yaml): se avisa con urgencia a una persona; a ella no se le contesta nada por eso');
    expect(risk).toBeGreaterThan(lines.indexOf('> mal, tengo miedo'));
    expect(lines.slice(risk)).toContain('  · resultado como_esta = "mal, tengo miedo" (opción mal)');
    expect(lines.filter((line) => line.includes('señal de riesgo'))).toHaveLength(1);
  });

  it('answers someone asking who is writing where the question does not understand it, and calls a person, as the service does', async () => {
    const result = await flows(['try', seguimiento, ...now], '¿quién eres?\n/quit\n');
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => line.includes('interrupción'))).toEqual(['· interrupción: who_is_writing']);
    expect(lines).toContain('← Soy Ana 🙂 Luego te escribo. ¡Que tengas bonito día!');
    expect(lines).toContain('  · PASA A UNA PERSONA, urgente (motivo pregunta_quien_escribe): el bot se queda callado en este caso');
  });

  it('asks the question again for a greeting, spending no attempt, and says nothing to a second one in a row', async () => {
    const result = await flows(['try', seguimiento, ...now], 'hola\nhola?\n/quit\n');
    const lines = result.stdout.split('\n');
    expect(lines).toContain('  · solo saludó en "momento": se le vuelve a hacer la pregunta, sin gastar un intento');
    expect(lines).toContain('  · volvió a saludar en "momento": no se le contesta nada (la pregunta ya es lo último que tiene)');
    expect(lines.filter((line) => line.startsWith('← Hola Lupita, soy Ana.'))).toHaveLength(2);
    expect(lines.filter((line) => line.includes('no se entendió'))).toEqual([]);
  });

  it('says when she asks for other hours, and answers it where the question does not understand her, as the service does', async () => {
    const result = await flows(['try', seguimiento, ...now], '1\nbien, pero no me escribas tan temprano\n/quit\n');
    const lines = result.stdout.split('\n');
    const asked = lines.indexOf('· pide otro horario (ajustes.yaml): se avisa a una persona para que revise su horario seguro');
    expect(asked).toBeGreaterThan(lines.indexOf('> bien, pero no me escribas tan temprano'));
    expect(lines.slice(asked)).toEqual(expect.arrayContaining(['· interrupción: hours_request', '← Va, lo tomo en cuenta. Gracias por avisarme.']));
    expect(lines.filter((line) => line.includes('no se entendió'))).toEqual([]);
  });

  it('says the after-hours texts while no staff member is on duty (/staff off), as the service does', async () => {
    const primerContacto = join(FLOWS, 'primer-contacto.yaml');
    const result = await flows(['try', primerContacto, ...now], '/staff off\nquiero hablar con una persona\n/restart\n1\nmal\nsí\n/staff on\n/restart\n1\nmal\nsí\n/quit\n');
    const lines = result.stdout.split('\n');
    expect(lines).toContain('· no hay nadie del personal en horario: se dicen los textos fuera de horario, y {{atencion_hora}} es «mañana a las 9:00»');
    expect(lines.filter((line) => line.startsWith('← Claro que sí.'))).toEqual([
      '← Claro que sí. Te escribe por aquí una persona de confianza desde mañana a las 9:00.',
      '← Claro que sí. Te escribe por aquí una persona de confianza desde mañana a las 9:00.',
      '← Claro que sí. En un ratito te escribe por aquí una persona de confianza.',
    ]);
  });

  it('keeps her «gracias» where the question does not understand it, spending no attempt, as the service does', async () => {
    // The question gives up after two failed answers: three thanks counted would have ended it.
    const result = await flows(['try', seguimiento, ...now], '1\nbien\ngracias\nok 👍🏽\nmil gracias\n3\n/quit\n');
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => line.startsWith('· agradecimiento (ajustes.yaml)'))).toHaveLength(3);
    expect(lines.filter((line) => line.includes('no se entendió'))).toEqual([]);
    expect(lines).toContain('  · resultado necesita = "3" (opción nada)');
  });

  it('starts outside her safe hours, with case fields and without alias', async () => {
    const invitacion = join(FLOWS, 'invitacion-videollamada.yaml');
    const outside = await flows(['try', invitacion, ...now, '--outside-safe-hours']);
    expect(outside.stdout).toContain('  · agenda un seguimiento "invitacion-videollamada" en su siguiente horario seguro (motivo fuera_de_horario)');
    const inside = await flows(['try', invitacion, ...now, '--no-alias', '--field', 'cita_hora=el jueves a las 10:00'], 'sí\n');
    expect(inside.stdout).toContain('← Hola amiga, soy Ana. 🙂'); // the greeting may go as a template: no empty alias
    expect(inside.stdout).toContain('← Qué gusto. Te quiero proponer una videollamada para platicar con más calma, el jueves a las 10:00. ¿Te queda bien? Responde con el número:');
  });

  it('says what is wrong with the engine call, and with the arguments', async () => {
    const invitacion = join(FLOWS, 'invitacion-videollamada.yaml');
    const withoutField = await flows(['try', invitacion, ...now], 'sí\n');
    expect(withoutField.stdout).toContain('· error del motor MISSING_FIELD: el texto usa {{cita_hora}}: dale un texto con --field cita_hora=... o /field cita_hora=...');
    const english = await flows(['try', invitacion, ...now], 'sí\n', 'en');
    expect(english.stdout).toContain('· engine error MISSING_FIELD: the text uses {{cita_hora}}: pass fields.cita_hora as a non-empty text');
    expect((await flows(['try'])).code).toBe(2);
    const badLanguage = await flows(['try', invitacion, '--lang', 'fr']);
    expect(badLanguage.code).toBe(2);
    expect(badLanguage.stderr).toMatch(/^acompana flows try: --lang debe ser uno de es-MX, en, yua\n\nuso: acompana flows try ARCHIVO/);
    expect((await flows(['try', invitacion, '--nope'])).stderr).toMatch(/^acompana flows try: la opción --nope no existe o le falta su valor\n/);
    expect((await flows(['try', invitacion, '--now', 'ayer'])).stderr).toMatch(/^acompana flows try: --now: "ayer" no es un instante ISO\n/);
    const broken = await flows(['try', join(INVALID, 'dangling-next.yaml')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/dangling-next\.yaml:12:17: "on_give_up" apunta a "despedida_neutral"/);
  });

  it('through the package bin, takes a --lang before try for its own lines and leaves the one after it to her', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'acompana.mjs'), ...args], { encoding: 'utf8', cwd: ROOT, input: 'mariposa azul\n/quit\n' });
    const trial = ['flows', 'try', seguimiento, ...now, '--code-word', 'mariposa azul'];
    const spanish = run([...trial, '--lang', 'en']);
    expect(spanish.status).toBe(0);
    expect(spanish.stdout).toContain('· interrupción: code_word');
    expect(spanish.stdout).toContain('← Ok, thanks 👍');
    const english = run(['--lang', 'en', ...trial]);
    expect(english.stdout).toContain('· interrupt: code_word');
    expect(english.stdout).toContain('← Ok, gracias 👍');
  });
});

describe('acompana flows', () => {
  it('lists its commands, and refuses an unknown one', async () => {
    const help = await flows(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^uso: acompana flows <comando>/);
    expect((await flows(['--help'], '', 'en')).stdout).toMatch(/^usage: acompana flows <command>/);
    const unknown = await flows(['lint']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^acompana flows: no existe el comando "lint"\n\nuso: /);
  });

  it('tells flow authors in Spanish how to call validate, graph and schema', async () => {
    const channel = await flows(['validate', '--channel', 'sms']);
    expect(channel.code).toBe(2);
    expect(channel.stderr).toMatch(/^acompana flows validate: --channel solo acepta cloud-api .*\n\nuso: acompana flows validate/);
    expect((await flows(['validate', '--fix'])).stderr).toMatch(/^acompana flows validate: no existe la opción --fix\n/);
    expect((await flows(['graph'])).stderr).toMatch(/^uso: acompana flows graph ARCHIVO/);
    expect((await flows(['schema', 'a', 'b'])).stderr).toBe('uso: acompana flows schema [carpeta]\n');
    expect((await flows(['schema', 'a', 'b'], '', 'en')).stderr).toBe('usage: acompana flows schema [dir]\n');
  });

  it('works through the package bin, exiting 1 on a broken flow', () => {
    const broken = join(INVALID, 'denied-word.yaml');
    const run = spawnSync(process.execPath, [join(ROOT, 'bin', 'acompana.mjs'), 'flows', 'validate', broken], { encoding: 'utf8', cwd: ROOT });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/\ncon errores: .*denied-word\.yaml: \d+ errores?, \d+ avisos?\n$/);
    const english = spawnSync(process.execPath, [join(ROOT, 'bin', 'acompana.mjs'), 'flows', 'validate', broken, '--lang', 'en'], { encoding: 'utf8', cwd: ROOT });
    expect(english.stdout).toMatch(/\ninvalid: .*denied-word\.yaml: \d+ errors?, \d+ warnings?\n$/);
    expect(run.stdout).toContain(
      `${broken}:7:36: "denuncia" está en la lista de palabras prohibidas ("denuncia" en deny_words): un texto que ella recibe debe leerse como un mensaje cualquiera`,
    );
    expect(english.stdout).toContain(`${broken}:7:36: "denuncia" is on the deny-list ("denuncia" in deny_words): a text she receives must read like an ordinary message`);
  });
});
