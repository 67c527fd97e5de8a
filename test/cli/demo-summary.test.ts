import { describe, expect, it } from 'vitest';
import { demoSummary, type DemoSeeded } from '../../src/cli/demo-summary.js';

const seeded: DemoSeeded = {
  folio: '911-DEMO-0001',
  caseId: 'c-1',
  survivorAlias: 'Lupita',
  port: 3000,
  checkIns: [{ name: 'primer_contacto', due: '2026-12-05 10:00' }],
  staff: [
    { role: 'psychologist', email: 'ana@demo.test' },
    { role: 'coordinator', email: 'coordinacion@demo.test' },
  ],
  passwords: new Map([['ana@demo.test', 'clave-nueva']]),
};

describe('acompana seed demo: what it prints', () => {
  it('speaks Mexican Spanish to staff, naming roles as the console does', () => {
    const lines = demoSummary('es', seeded).split('\n');
    expect(lines[0]).toBe('Caso de demostración 911-DEMO-0001 (id c-1) para «Lupita», con consentimiento de seguimiento.');
    expect(lines).toContain('Su palabra clave es «girasol»; AYUDA es una palabra de emergencia y BAJA la da de baja.');
    expect(lines).toContain('  primer_contacto  2026-12-05 10:00');
    expect(lines.find((l) => l.includes('ana@demo.test'))).toMatch(/^ {2}Psicóloga\/o +ana@demo\.test +contraseña clave-nueva$/);
    expect(lines.find((l) => l.includes('coordinacion@demo.test'))).toMatch(/^ {2}Coordinación +coordinacion@demo\.test +\(ya tenía contraseña\)$/);
    expect(demoSummary('es', seeded)).not.toMatch(/password|Demo case|Write as her/);
  });

  it('speaks English with --lang en', () => {
    const text = demoSummary('en', seeded);
    expect(text).toMatch(/^Demo case 911-DEMO-0001 \(id c-1\) for "Lupita", follow-up consent recorded\.\n/);
    expect(text).toContain('(password already set)');
  });
});
