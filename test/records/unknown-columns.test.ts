/** How the import names a column it does not read, and when an unknown header looks like a missing optional column. */
import { describe, expect, it } from 'vitest';
import { ignoredColumnLabel, resembledColumn } from '../../src/app/records/unknown-columns.js';

const VIDEO = [['consentimiento_videollamada', ['consentimiento_videollamada', 'acepta_videollamada']]] as const;
const BANAVIM = [['consentimiento_banavim', ['consentimiento_banavim', 'acepta_banavim']]] as const;

describe('ignoredColumnLabel', () => {
  it('names the column by place and header, cut at 40 characters, and by place only when the header holds a number', () => {
    expect(ignoredColumnLabel('  Municipio  de\tla llamada ', 0)).toBe('columna 1 (Municipio de la llamada)');
    expect(ignoredColumnLabel('x'.repeat(50), 3)).toBe(`columna 4 (${'x'.repeat(39)}…)`);
    expect(ignoredColumnLabel('Llamar al (998) 555-0199', 7)).toBe('columna 8');
    expect(ignoredColumnLabel('Folio 2026', 7)).toBe('columna 8 (Folio 2026)');
  });
});

describe('resembledColumn', () => {
  it('finds a misspelt optional column, or one named by its own word, and nothing else', () => {
    expect(resembledColumn('consentimiento_videollamda', VIDEO)).toBe('consentimiento_videollamada');
    expect(resembledColumn('acepta_videollamadas_si_no', VIDEO)).toBe('consentimiento_videollamada');
    expect(resembledColumn('acepto_banavim', BANAVIM)).toBe('consentimiento_banavim');
    expect(resembledColumn('registrado_en_banavim', BANAVIM)).toBe('consentimiento_banavim');
    expect(resembledColumn('folio_de_banavim_nacional', BANAVIM)).toBeUndefined();
    for (const other of ['municipio', 'observaciones', 'dia', 'operadora', 'telefono_2']) {
      expect(resembledColumn(other, [...VIDEO, ...BANAVIM])).toBeUndefined();
    }
  });
});
