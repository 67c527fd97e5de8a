import { mkdtemp, readdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFlowsCommand, type CommandIo } from '../../src/cli/flows/index.js';
import { templatesCommand } from '../../src/cli/templates-command.js';
import {
  exportTemplates,
  loadFlowDirectory,
  openingNodes,
  parseFlowSource,
  start,
  type TemplateCreationBody,
} from '../../src/engine/index.js';
import { DEFAULT_SETTINGS } from '../../src/engine/interrupts/settings.js';
import { startTestService } from '../support/test-service.js';
import { createTestDatabase } from '../support/test-database.js';
import { StartupError } from '../../src/app/errors.js';

const ROOT = join(import.meta.dirname, '..', '..');
const FLOWS = join(ROOT, 'flows');
const CODES = { 'es-MX': 'es_MX', en: 'en_US', yua: 'es_MX' };

/** A copy of the shipped flows, with `edit` applied to one file. */
async function flowsWith(file: string, edit: (source: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'acompana-cloud-flows-'));
  for (const name of await readdir(FLOWS)) if (name.endsWith('.yaml')) await copyFile(join(FLOWS, name), join(dir, name));
  const source = await readFile(join(dir, file), 'utf8');
  const edited = edit(source);
  if (edited === source) throw new Error(`the edit changed nothing in ${file}: adapt this test`);
  await writeFile(join(dir, file), edited);
  return dir;
}

function io(): { io: CommandIo; out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    io: { stdout: { write: (c: string) => (stdout += c) }, stderr: { write: (c: string) => (stderr += c) }, stdin: Readable.from(['']) },
    out: () => stdout,
    err: () => stderr,
  };
}

let withoutTemplate: string;
beforeAll(async () => {
  withoutTemplate = await flowsWith('seguimiento.yaml', (s) => s.replace('    template: { name: ana_saludo_buen_momento, parameters: ["{{alias}}"] }\n', ''));
});
afterAll(async () => {
  await rm(withoutTemplate, { recursive: true, force: true });
});

describe('every message the service starts names a template', () => {
  it('the shipped flows: each node that can open a conversation names one', async () => {
    const loaded = await loadFlowDirectory(FLOWS, { channel: 'cloud-api' });
    expect(loaded.diagnostics.map((d) => d.formatted)).toEqual([]);
    expect(loaded.ok).toBe(true);
    for (const flow of loaded.ok ? loaded.flows : []) {
      const opening = openingNodes(flow.definition);
      expect(opening.length, flow.id).toBeGreaterThan(0);
      for (const id of opening) expect(flow.definition.nodes[id], `${flow.id}/${id}`).toHaveProperty('template');
    }
  });

  it('counts what a question sends after she did not answer as an opener (her window is still closed)', () => {
    const source = `flow: inline
name: x
start: hola
nodes:
  hola:
    type: question
    text: "¿Todo bien? Responde sí o no."
    template: { name: todo_bien }
    answer: yes_no
    on_yes: fin
    on_no: fin
    on_give_up: fin
    timeout: { after: PT4H, next: recordatorio }
  recordatorio:
    type: message
    text: "Aquí sigo, por si quieres platicar."
    next: fin
  fin:
    type: end
    outcome: listo
`;
    const result = parseFlowSource(source, { file: 'inline.yaml', settings: DEFAULT_SETTINGS, channel: 'cloud-api' });
    expect(result.ok ? [] : result.diagnostics.map((d) => d.formatted)).toEqual([
      expect.stringMatching(/^inline\.yaml:14:3: el nodo "recordatorio" puede abrir una conversación .* no nombra ninguna plantilla/),
    ]);
    expect(result.ok ? undefined : result.diagnostics[0]?.message.en).toMatch(/^node "recordatorio" can open a conversation .* names no template/);
    expect(parseFlowSource(source, { file: 'inline.yaml', settings: DEFAULT_SETTINGS }).ok).toBe(true);

    // A handoff's text after her silence opens a conversation too, and cannot carry a template.
    const handoff = source.replace(
      '  recordatorio:\n    type: message\n    text: "Aquí sigo, por si quieres platicar."\n    next: fin\n',
      '  recordatorio:\n    type: handoff\n    urgency: normal\n    reason: sin_respuesta\n    text: "Aquí sigo, por si quieres platicar."\n',
    );
    expect(handoff).not.toBe(source);
    const refused = parseFlowSource(handoff, { file: 'inline.yaml', settings: DEFAULT_SETTINGS, channel: 'cloud-api' });
    expect(refused.ok ? [] : refused.diagnostics.map((d) => d.formatted)).toEqual([
      expect.stringMatching(/^inline\.yaml:14:3: el nodo "recordatorio" puede abrir una conversación .* un handoff no puede llevar plantilla/),
    ]);
  });

  it('warns, on the Cloud API only, where a flow opens with two messages in a row (two templates to pay and to pace)', () => {
    const source = `flow: inline
name: x
start: horario
nodes:
  horario:
    type: branch
    safe_hours: { inside: hola, outside: fin }
  hola:
    type: message
    text: "Hola {{alias}}, soy Ana."
    template: { name: hola_ana, parameters: ["{{alias}}"] }
    next: momento
  momento:
    type: question
    text: "¿Es buen momento para platicar? Responde sí o no."
    template: { name: buen_momento }
    answer: yes_no
    on_yes: fin
    on_no: fin
    on_give_up: fin
  fin:
    type: end
    outcome: listo
`;
    const cloud = parseFlowSource(source, { file: 'inline.yaml', settings: DEFAULT_SETTINGS, channel: 'cloud-api' });
    expect(cloud.ok).toBe(true);
    expect(cloud.diagnostics.map((d) => [d.severity, d.formatted])).toEqual([
      ['warning', expect.stringMatching(/^inline\.yaml:13:3: aviso: la conversación puede abrir con 2 mensajes seguidos \("hola", "momento"\)/)],
    ]);
    expect(parseFlowSource(source, { file: 'inline.yaml', settings: DEFAULT_SETTINGS }).diagnostics).toEqual([]);
    // Greeting and question in one message: nothing to say.
    const joined = source
      .replace('inside: hola,', 'inside: momento,')
      .replace(/  hola:\n(    .*\n){4}/, '')
      .replace('text: "¿Es buen', 'text: "Hola {{alias}}, soy Ana. ¿Es buen')
      .replace('template: { name: buen_momento }', 'template: { name: hola_buen_momento, parameters: ["{{alias}}"] }');
    const one = parseFlowSource(joined, { file: 'inline.yaml', settings: DEFAULT_SETTINGS, channel: 'cloud-api' });
    expect(one.ok ? one.diagnostics : ['invalid']).toEqual([]);
  });

  it('walks branches that meet again once: forty branches of two ways each are checked at once, not in 2^40 paths', () => {
    const branches = Array.from({ length: 40 }, (_, i) => {
      const next = i === 39 ? 'hola' : `b${i + 1}`;
      return `  b${i}:\n    type: branch\n    field: zona\n    cases: [{ when: "norte", next: ${next} }]\n    default: ${next}\n`;
    }).join('');
    const source = `flow: inline\nname: x\nstart: b0\nnodes:\n${branches}  hola:\n    type: message\n    text: "Hola, soy Ana."\n    template: { name: hola_ana }\n    next: fin\n  fin:\n    type: end\n    outcome: listo\n`;
    const parsed = parseFlowSource(source, { file: 'inline.yaml', settings: DEFAULT_SETTINGS, channel: 'cloud-api' });
    expect(parsed.ok ? parsed.diagnostics : parsed.diagnostics.map((d) => d.formatted)).toEqual([]);
  });

  it('acompana flows validate --channel cloud-api refuses an opener without one, naming file:line:column', async () => {
    const run = io();
    expect(await runFlowsCommand(['validate', '--channel', 'cloud-api', withoutTemplate], run.io)).toBe(1);
    const file = join(withoutTemplate, 'seguimiento.yaml');
    expect(run.out().split('\n')[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:3: el nodo "momento" puede abrir una conversación`));
    const plain = io();
    expect(await runFlowsCommand(['validate', withoutTemplate], plain.io)).toBe(0);
    const wrong = io();
    expect(await runFlowsCommand(['validate', '--channel', 'sms', withoutTemplate], wrong.io)).toBe(2);
  });

  it('the service refuses to start with CHANNEL=cloud-api on such flows, in one line naming the flow and node', async () => {
    const database = await createTestDatabase();
    try {
      const error = await startTestService({
        database,
        env: {
          CHANNEL: 'cloud-api',
          CLOUD_API_PHONE_NUMBER_ID: '109876543210',
          CLOUD_API_TOKEN: 'EAAG-token',
          CLOUD_API_APP_SECRET: 'app-secret',
          CLOUD_API_VERIFY_TOKEN: 'verify-token',
          FLOWS_DIR: withoutTemplate,
        },
      }).then(
        async (started) => {
          await started.stop();
          return null;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StartupError);
      expect((error as StartupError).message).toMatch(/^CHANNEL=cloud-api: flujo seguimiento: el nodo "momento" puede abrir una conversación .* no nombra ninguna plantilla/);
      expect((error as StartupError).message).not.toContain('\n');
    } finally {
      await database.drop().catch(() => undefined);
    }
  });

  it("checks that a template's parameters are the text's placeholders in order, and refuses a body that starts with one", () => {
    const flow = (text: string, parameters: string) => `flow: inline
name: x
start: hola
nodes:
  hola:
    type: message
    text: "${text}"
    template: { name: hola, parameters: ${parameters} }
    next: fin
  fin:
    type: end
    outcome: listo
`;
    const problems = (text: string, parameters: string) => {
      const result = parseFlowSource(flow(text, parameters), { file: 'inline.yaml' });
      return result.ok ? [] : result.diagnostics.map((d) => d.formatted);
    };
    expect(problems('Hola {{alias}}, soy Ana.', '["{{alias}}"]')).toEqual([]);
    expect(problems('Hola {{alias}}, soy Ana.', '[]')).toEqual([
      'inline.yaml:8:29: template.parameters deben ser los marcadores del texto (es-MX), en orden: ["{{alias}}"]',
    ]);
    expect(problems('Hola, soy Ana.', '["{{alias}}"]')).toEqual([
      'inline.yaml:8:29: template.parameters deben ser los marcadores del texto (es-MX), en orden: []',
    ]);
    expect(problems('{{alias}}, soy Ana.', '["{{alias}}"]')).toEqual([
      expect.stringMatching(/^inline\.yaml:8:5: el texto \(es-MX\) empieza o termina con un marcador/),
    ]);
  });
});

describe('acompana templates export', () => {
  it("writes Meta's creation body for every template the flows use, its text the one the flow sends", async () => {
    const run = io();
    expect(await templatesCommand(['export', '--dir', FLOWS], run.io)).toBe(0);
    const bodies = JSON.parse(run.out()) as TemplateCreationBody[];
    expect(bodies.map((b) => `${b.name}/${b.language}`)).toEqual([
      'ana_bienvenida_buen_momento/es_MX',
      'ana_saludo_buen_momento/es_MX',
      'ana_saludo_mensaje_rapido/es_MX',
    ]);
    expect(bodies.find((b) => b.name === 'ana_saludo_buen_momento')).toEqual({
      name: 'ana_saludo_buen_momento',
      language: 'es_MX',
      category: 'UTILITY',
      components: [
        {
          type: 'BODY',
          text: 'Hola {{1}}, soy Ana. 🙂 ¿Es buen momento para platicar? Responde 1 (sí), 2 (no) o 3 (más tarde).',
          example: { body_text: [['Luz']] },
        },
      ],
    });
    expect(run.err()).toContain('ana_saludo_buen_momento (es_MX): cierre/momento, invitacion-videollamada/momento, seguimiento/momento');

    // No drift: each template, filled with the parameters the engine sends, is the text the engine sends.
    const loaded = await loadFlowDirectory(FLOWS);
    if (!loaded.ok) throw new Error('the shipped flows are invalid');
    // Without an alias too: the parameter is never empty (WhatsApp refuses one), and the text says the same.
    let compared = 0;
    for (const alias of ['Luz', null, '', '  ']) {
      for (const flow of loaded.flows) {
        const { events } = start(flow, { now: '2026-12-01T17:00:00.000Z', language: 'es-MX', alias, insideSafeHours: true, fields: { cita_hora: 'el jueves a las 10:00' } });
        for (const event of events) {
          if (event.type !== 'message' || !event.template) continue;
          const body = bodies.find((b) => b.name === event.template!.name && b.language === 'es_MX')!;
          for (const parameter of event.template.parameters) expect(parameter.trim(), `${flow.id}/${event.node} alias ${JSON.stringify(alias)}`).not.toBe('');
          const filled = body.components[0].text.replace(/\{\{(\d+)\}\}/g, (_, n: string) => event.template!.parameters[Number(n) - 1]!);
          expect(filled, `${flow.id}/${event.node} alias ${JSON.stringify(alias)}`).toBe(event.text);
          compared += 1;
        }
      }
    }
    expect(compared).toBe(4 * loaded.flows.length); // one opener each
  });

  it('checks every template with the deny-list, as any text: a denied word in an opener stops the export', async () => {
    const dir = await flowsWith('cierre.yaml', (s) => s.replace('text: "Hola {{alias}}, soy Ana. 🙂 ', 'text: "Hola {{alias}}, te escribe la unidad del 911. '));
    try {
      const run = io();
      expect(await templatesCommand(['export', '--dir', dir], run.io)).toBe(1);
      expect(run.out()).toBe('');
      expect(run.err()).toMatch(/cierre\.yaml:\d+:\d+: .*911/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses one template name with two different texts, and exports English where a flow has English texts', () => {
    const flow = (id: string, text: string) =>
      parseFlowSource(
        `flow: ${id}
name: x
start: hola
nodes:
  hola:
    type: message
    text: ${text}
    template: { name: hola_ana, parameters: ["{{alias}}"] }
    next: fin
  fin:
    type: end
    outcome: listo
`,
        { file: `${id}.yaml` },
      );
    const one = flow('uno', '{ es-MX: "Hola {{alias}}, soy Ana.", en: "Hi {{alias}}, it is Ana." }');
    const two = flow('dos', '"Hola {{alias}}, aquí Ana."');
    if (!one.ok || !two.ok) throw new Error('fixtures invalid');
    const english = exportTemplates([one.flow.definition], CODES);
    expect(english.problems).toEqual([]);
    expect(english.templates.map((t) => [t.body.language, t.body.components[0].text])).toEqual([
      ['en_US', 'Hi {{1}}, it is Ana.'],
      ['es_MX', 'Hola {{1}}, soy Ana.'],
    ]);
    expect(exportTemplates([one.flow.definition, two.flow.definition], CODES).problems).toEqual([
      {
        es: 'la plantilla hola_ana (es_MX) tiene textos distintos en uno/hola y en dos/hola: dale otro nombre a una de ellas',
        en: 'template hola_ana (es_MX) has different texts in uno/hola and dos/hola: give one of them another name',
      },
    ]);
  });

  it('gives a template without parameters no example (Meta refuses an example with nothing to fill)', () => {
    const parsed = parseFlowSource(
      `flow: sin_parametros
name: x
start: hola
nodes:
  hola:
    type: message
    text: "¿Es buen momento para platicar?"
    template: { name: buen_momento }
    next: fin
  fin:
    type: end
    outcome: listo
`,
      { file: 'sin_parametros.yaml' },
    );
    if (!parsed.ok) throw new Error('fixture invalid');
    const exported = exportTemplates([parsed.flow.definition], CODES);
    expect(exported.templates.map((t) => t.body.components[0])).toEqual([{ type: 'BODY', text: '¿Es buen momento para platicar?' }]);
  });

  it('writes to --out and refuses bad options', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acompana-export-'));
    try {
      const run = io();
      expect(await templatesCommand(['export', '--dir', FLOWS, '--out', join(dir, 't.json')], run.io)).toBe(0);
      expect(run.out()).toBe('');
      expect(JSON.parse(await readFile(join(dir, 't.json'), 'utf8'))).toHaveLength(3);
      expect(await templatesCommand(['export', '--languages', 'es:es'], io().io)).toBe(2);
      expect(await templatesCommand(['export', '--nope', 'x'], io().io)).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
