import { describe, expect, it } from 'vitest';
import { parseFlowSource, reopeningTemplates, resume, start } from '../../src/engine/index.js';
import { inlineFlow } from './support/inline-flow.js';

const FLOW = `flow: inline
name: Con plantilla
start: saludo
nodes:
  saludo:
    type: message
    text: "Hola {{alias}}, soy Ana."
    template:
      name: acompana_saludo
      parameters:
        - "{{alias}}"
    next: momento
  momento:
    type: question
    text: "¿Es buen momento para platicar? Responde 1 o 2."
    template: { name: acompana_buen_momento }
    choices:
      - { id: si, label: "Sí", next: fin }
      - { id: "no", label: "No", next: fin }
    reask: "Perdona, no te entendí. Responde 1 o 2."
    on_give_up: fin
  fin:
    type: end
    outcome: completado
`;

const context = { now: '2026-11-28T17:00:00.000Z', language: 'es-MX' as const, alias: 'Luz' };

describe('WhatsApp templates in flows', () => {
  it('carries the named template, its parameters rendered, on the messages that name one', () => {
    const { events } = start(inlineFlow(FLOW), context);
    expect(events.filter((e) => e.type === 'message')).toEqual([
      { type: 'message', node: 'saludo', text: 'Hola Luz, soy Ana.', template: { name: 'acompana_saludo', language: 'es-MX', parameters: ['Luz'] } },
      { type: 'message', node: 'momento', text: '¿Es buen momento para platicar? Responde 1 o 2.', template: { name: 'acompana_buen_momento', language: 'es-MX', parameters: [] } },
    ]);
  });

  it.each([null, '', '   '])('never sends an empty parameter: alias %j is the neutral word, in the text too', (alias) => {
    const { events } = start(inlineFlow(FLOW), { ...context, alias });
    expect(events.find((e) => e.type === 'message')).toEqual({
      type: 'message',
      node: 'saludo',
      text: 'Hola amiga, soy Ana.',
      template: { name: 'acompana_saludo', language: 'es-MX', parameters: ['amiga'] },
    });
    const english = start(inlineFlow(FLOW.replace('text: "Hola {{alias}}, soy Ana."', 'text: { es-MX: "Hola {{alias}}, soy Ana.", en: "Hi {{alias}}, it is Ana." }')), {
      ...context,
      language: 'en',
      alias,
    });
    expect(english.events.find((e) => e.type === 'message')).toMatchObject({ text: 'Hi friend, it is Ana.', template: { language: 'en', parameters: ['friend'] } });
  });

  it('leaves a missing alias out of a text that never goes as a template', () => {
    const flow = inlineFlow(FLOW.replace('    template: { name: acompana_buen_momento }\n', '').replace('text: "¿Es buen momento', 'text: "{{alias}}, ¿es buen momento'));
    const { events } = start(flow, { ...context, alias: null });
    expect(events.filter((e) => e.type === 'message').map((e) => e.type === 'message' && e.text)).toEqual([
      'Hola amiga, soy Ana.',
      '¿es buen momento para platicar? Responde 1 o 2.',
    ]);
  });

  it('a template a person sends to reopen the chat names her with the neutral word when she has no alias', () => {
    const [greeting] = reopeningTemplates([inlineFlow(FLOW).definition]);
    expect(greeting!.render('es-MX', '')).toEqual({ text: 'Hola amiga, soy Ana.', language: 'es-MX', parameters: ['amiga'] });
    expect(greeting!.render('yua', ' ')).toEqual({ text: 'Hola amiga, soy Ana.', language: 'es-MX', parameters: ['amiga'] });
    expect(greeting!.render('en', 'Luz')).toEqual({ text: 'Hola Luz, soy Ana.', language: 'es-MX', parameters: ['Luz'] });
  });

  it('sends a template in the language its text is written in: hers where translated, else es-MX', () => {
    const translated = inlineFlow(
      FLOW.replace('text: "Hola {{alias}}, soy Ana."', 'text: { es-MX: "Hola {{alias}}, soy Ana.", en: "Hi {{alias}}, it is Ana.", yua: "Ba\'ax ka wa\'alik {{alias}}, Ana in k\'aaba\'." }'),
    );
    const templates = (language: 'es-MX' | 'en' | 'yua', flow = translated) =>
      start(flow, { ...context, language }).events.flatMap((e) => (e.type === 'message' && e.template ? [e.template.language] : []));
    expect(templates('en')).toEqual(['en', 'es-MX']); // the second node has no English text
    expect(templates('yua')).toEqual(['yua', 'es-MX']);
    expect(templates('es-MX')).toEqual(['es-MX', 'es-MX']);
    expect(templates('en', inlineFlow(FLOW))).toEqual(['es-MX', 'es-MX']);
    expect(templates('yua', inlineFlow(FLOW))).toEqual(['es-MX', 'es-MX']);
    // A question listing its choices joins its text with the labels: still untranslated, still es-MX.
    const listed = inlineFlow(FLOW.replace('    reask: "Perdona', '    show_choices: true\n    reask: "Perdona'));
    expect(templates('en', listed)).toEqual(['es-MX', 'es-MX']);
  });

  it('sends re-asks as plain text (she just wrote, so free text reaches her)', () => {
    const flow = inlineFlow(FLOW);
    const { session } = start(flow, context);
    const { events } = resume(flow, session, { kind: 'text', text: 'mmm' }, context);
    const reask = events.find((e) => e.type === 'message');
    expect(reask).toEqual({ type: 'message', node: 'momento', text: 'Perdona, no te entendí. Responde 1 o 2.' });
  });

  it('checks template names, naming the line', () => {
    const result = parseFlowSource(FLOW.replace('name: acompana_saludo', 'name: Acompaña Saludo'), { file: 'inline.yaml' });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.formatted)).toEqual([
      expect.stringMatching(/^inline\.yaml:9:\d+: .*nombre de plantilla como se registró con WhatsApp/),
    ]);
  });

  it('checks the placeholders of template parameters, naming the line', () => {
    const result = parseFlowSource(FLOW.replace('- "{{alias}}"', '- "{{nombre}}"'), { file: 'inline.yaml' });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.diagnostics.map((d) => d.formatted)).toEqual([
      expect.stringMatching(/^inline\.yaml:11:\d+: marcador desconocido "\{\{nombre\}\}"/),
    ]);
  });
});
