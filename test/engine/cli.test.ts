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
      `${file}:5:3: missing required field "on_give_up": where the flow goes after 3 answers it could not understand`,
      `${file}:10:3: missing required field "on_no": where the flow goes when she answers no`,
      `${file}:21:5: "on_give_up" is never taken: an "answer: text" question accepts any answer`,
      `${join(INVALID, 'dangling-next.yaml')}:12:17: "on_give_up" points to "despedida_neutral", which is not a node of this flow (did you mean "despedida_neutra"?)`,
      `con errores: ${file} ${join(INVALID, 'dangling-next.yaml')}: 4 errores, 0 avisos`,
      '',
    ]);
  });

  it('validates a settings file given alone, and exits 0 with warnings only', async () => {
    const settings = join(import.meta.dirname, 'fixtures', 'settings', 'missing-translation.yaml');
    expect((await flows(['validate', join(FLOWS, 'ajustes.yaml')])).code).toBe(0);
    const fixtures = await flows(['validate', join(import.meta.dirname, 'fixtures', 'traducciones.yaml')]);
    expect(fixtures.code).toBe(0);
    expect(fixtures.stdout).toMatch(/traducciones\.yaml:9:7: warning: no "yua" translation/);
    expect((await flows(['validate', settings])).code).toBe(0);
    const broken = await flows(['validate', join(import.meta.dirname, 'fixtures', 'settings', 'word-in-two-lists.yaml')]);
    expect(broken.code).toBe(1);
  });

  it('reports a path that does not exist, and refuses unknown options', async () => {
    const missing = await flows(['validate', join(INVALID, 'nada.yaml')]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/nada\.yaml:1:1: cannot read the file: ENOENT/);
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
    expect(lines).toContain('  n_saludo["saludo:<br/>Hola #123;#123;alias#125;#125;, soy Ana. 🙂"]');
    expect(lines).toContain('  n_momento -->|"Más tarde"| n_programar_mas_tarde');
    expect(lines).toContain('  n_momento -->|"sin respuesta en 4 h"| n_programar_sin_respuesta');
    expect(lines).toContain('  n_momento -->|"día u hora"| n_programar_hora_elegida');
    expect(lines).toContain('  n_horario -->|"fuera de su horario (o sin dato)"| n_programar_fuera_de_horario');
    expect(lines).toContain('  n_pasar_juridica{{"pasar_juridica:<br/>Pasa a una persona (normal, juridica): Va. Hoy<br/>te escribe por aquí una persona que te puede<br/>orientar con eso."}}');
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
    expect(result.stderr).toMatch(/dangling-next\.yaml:12:17: "on_give_up" points to/);
  });
});

describe('acompana flows try', () => {
  const seguimiento = join(FLOWS, 'seguimiento.yaml');
  const now = ['--now', '2025-06-02T16:00:00Z'];

  it('runs the flow with her messages, a fake clock and the timeouts', async () => {
    const result = await flows(['try', seguimiento, ...now], '1\nmal\n/advance 7h\n/now\n');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'Type her messages; /help lists the commands, /quit leaves.',
      '[lun 2 jun 2025 11:00 (Cancún)] Seguimiento periódico (seguimiento) starts',
      '← Hola Lupita, soy Ana. 🙂',
      '← ¿Es buen momento para platicar? Responde 1 (sí), 2 (no) o 3 (más tarde).',
      '  · waits for her answer at "momento" (no answer by lun 2 jun 15:00: /timeout)',
      '> 1',
      '  · result buen_momento = "1" (choice si)',
      '← Qué gusto. ¿Cómo has estado estos días? Responde con el número:',
      '',
      '  1. Bien',
      '  2. Más o menos',
      '  3. Mal',
      '  · waits for her answer at "como_estas" (no answer by lun 2 jun 17:00: /timeout)',
      '> mal',
      '  · result como_esta = "mal" (choice mal)',
      '← Siento que estos días no hayan sido fáciles. Gracias por decírmelo, no estás sola.',
      '← ¿Te gustaría que hoy te escriba por aquí una persona de confianza para platicar? Responde sí o no.',
      '  · waits for her answer at "ofrecer_persona" (no answer by lun 2 jun 17:00: /timeout)',
      '> /advance 7h',
      '· [lun 2 jun 2025 17:00 (Cancún)] no answer: the timeout fires',
      '  · schedule check-in "seguimiento" in P1D (reason interrumpida)',
      '  · flow ended: interrumpida',
      '· it is lun 2 jun 2025 18:00 (Cancún)',
      '> /now',
      '· it is lun 2 jun 2025 18:00 (Cancún)',
      '',
    ]);
  });

  it('answers interrupts as the service does, her code word included', async () => {
    const result = await flows(['try', seguimiento, ...now, '--code-word', 'Mariposa azul', '--lang', 'en'], 'mariposa AZUL!\n/restart\nbaja\nhola\n/quit\n1\n');
    const lines = result.stdout.split('\n');
    expect(lines).toContain('· interrupt: code_word');
    expect(lines).toContain('← Ok, thanks 👍');
    expect(lines).toContain('  · HANDOFF to a person, urgent (reason code_word): the bot stays silent on this case');
    expect(lines).toContain('· interrupt: opt_out');
    expect(lines).toContain('  · opted out: nothing more is sent until she writes again');
    expect(lines).toContain('· the flow has ended: only interrupts answer now; /restart to run it again');
    expect(lines.at(-2)).toBe('> /quit');
  });

  it('starts outside her safe hours, with case fields and without alias', async () => {
    const invitacion = join(FLOWS, 'invitacion-videollamada.yaml');
    const outside = await flows(['try', invitacion, ...now, '--outside-safe-hours']);
    expect(outside.stdout).toContain('  · schedule check-in "invitacion-videollamada" at her next safe slot (reason fuera_de_horario)');
    const inside = await flows(['try', invitacion, ...now, '--no-alias', '--field', 'cita_hora=el jueves a las 10:00'], 'sí\n');
    expect(inside.stdout).toContain('← Hola amiga, soy Ana. 🙂'); // the greeting may go as a template: no empty alias
    expect(inside.stdout).toContain('← Qué gusto. Te quiero proponer una videollamada para platicar con más calma, el jueves a las 10:00. ¿Te queda bien? Responde con el número:');
  });

  it('says what is wrong with the engine call, and with the arguments', async () => {
    const invitacion = join(FLOWS, 'invitacion-videollamada.yaml');
    const withoutField = await flows(['try', invitacion, ...now], 'sí\n');
    expect(withoutField.stdout).toContain('· engine error MISSING_FIELD: the text uses {{cita_hora}}: pass fields.cita_hora as a non-empty text');
    expect((await flows(['try'])).code).toBe(2);
    expect((await flows(['try', invitacion, '--lang', 'fr'])).code).toBe(2);
    expect((await flows(['try', join(INVALID, 'dangling-next.yaml')])).code).toBe(1);
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
    expect(run.stdout).toContain(`${broken}:7:36: "denuncia" is on the deny-list ("denuncia" in deny_words): a text she receives must read like an ordinary message`);
  });
});
