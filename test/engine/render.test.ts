import { describe, expect, it } from 'vitest';
import { compileText, renderText } from '../../src/engine/text/compiled-text.js';
import { findPlaceholderProblems, textWithoutAlias } from '../../src/engine/text/placeholders.js';

describe('rendering texts', () => {
  const text = compileText({ 'es-MX': 'Hola {{alias}}, soy Ana.', en: "Hi {{ alias }}, it's Ana." });

  it('uses the session language and the alias', () => {
    expect(renderText(text, 'en', 'Sam')).toBe("Hi Sam, it's Ana.");
    expect(renderText(text, 'es-MX', 'Lupita')).toBe('Hola Lupita, soy Ana.');
  });

  it('falls back to es-MX when the language has no translation', () => {
    expect(renderText(text, 'yua', 'Lupita')).toBe('Hola Lupita, soy Ana.');
  });

  it('inserts the alias literally, even with $ patterns or braces', () => {
    expect(renderText(text, 'es-MX', '$& {{alias}}')).toBe('Hola $& {{alias}}, soy Ana.');
  });

  it('treats a blank alias like no alias', () => {
    expect(renderText(text, 'es-MX', '   ')).toBe('Hola, soy Ana.');
    expect(renderText(text, 'es-MX', null)).toBe('Hola, soy Ana.');
  });

  it.each([
    ['Hola {{alias}}, soy Ana.', 'Hola, soy Ana.'],
    ['¡Hola, {{alias}}!', '¡Hola!'],
    ['{{alias}}, ¿cómo estás?', '¿cómo estás?'],
    ['¿Cómo estás, {{alias}}?', '¿Cómo estás?'],
    ['Hola, {{alias}}, ¿cómo estás?', 'Hola, ¿cómo estás?'],
    ['Gracias {{alias}}.\n{{alias}}, cuídate.', 'Gracias.\ncuídate.'],
    ['Sin nombre.', 'Sin nombre.'],
  ])('without an alias %j reads %j', (input, expected) => {
    expect(textWithoutAlias(input)).toBe(expected);
  });
});

describe('placeholder problems', () => {
  it('accepts {{alias}} with or without inner spaces', () => {
    expect(findPlaceholderProblems('Hola {{alias}} y {{ alias }}')).toEqual([]);
  });

  it('names unknown placeholders and stray braces', () => {
    const problems = findPlaceholderProblems('{{nombre}} {alias} }} {{alias}');
    expect(problems.map((problem) => ({ token: problem.token, message: problem.message.es }))).toEqual([
      { token: '{{nombre}}', message: 'marcador desconocido "{{nombre}}": solo se pueden usar {{alias}}, {{cita_hora}}, {{cita_enlace}}, {{cita_opciones}} y {{atencion_hora}}' },
      { token: '{alias}', message: '"{alias}" no es un marcador: escribe {{alias}} con dos llaves de cada lado' },
      { token: '}}', message: '"}}" no es un marcador: escribe {{alias}} con dos llaves de cada lado' },
      { token: '{{alias}', message: '"{{alias}" no es un marcador: escribe {{alias}} con dos llaves de cada lado' },
    ]);
    expect(problems.map((problem) => problem.message.en)).toEqual([
      'unknown placeholder "{{nombre}}": only {{alias}}, {{cita_hora}}, {{cita_enlace}}, {{cita_opciones}} and {{atencion_hora}} can be used',
      '"{alias}" is not a placeholder: write {{alias}} with two braces on each side',
      '"}}" is not a placeholder: write {{alias}} with two braces on each side',
      '"{{alias}" is not a placeholder: write {{alias}} with two braces on each side',
    ]);
  });
});
