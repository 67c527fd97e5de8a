import { describe, expect, it } from 'vitest';
import { periodPhrase, reportBulletin } from '../../src/app/records/report-bulletin.js';
import { toReportFigures } from '../../src/app/records/report-figures.js';
import { reportCharts } from '../../src/console/views/report-charts-data.js';
import { parseReportPeriod } from '../../src/app/records/report-period.js';
import type { PeriodCounts } from '../../src/app/records/ports.js';
import type { StaffHours } from '../../src/app/staff-hours.js';

function figures(from: string, to: string, counts: Partial<PeriodCounts>, staffHours?: StaffHours) {
  const period = parseReportPeriod({ from, to });
  if (!period.ok) throw new Error(period.message);
  return toReportFigures(period.period, {
    interventions: 0,
    byService: {},
    byLine: {},
    byChannel: {},
    banavimRegisteredCases: 0,
    checkInsSent: 0,
    checkInsAnswered: 0,
    checkInsMissed: 0,
    handoffs: 0,
    handoffsByLocalMinute: [],
    videoSessions: 0,
    results: [],
    ...counts,
  }, staffHours);
}

describe('the bulletin', () => {
  it('names the period as the unit writes it', () => {
    expect(periodPhrase('2026-01-01', '2026-03-31')).toBe('Del 1 de enero al 31 de marzo de 2026');
    expect(periodPhrase('2026-03-01', '2026-03-31')).toBe('Del 1 al 31 de marzo de 2026');
    expect(periodPhrase('2025-12-15', '2026-01-14')).toBe('Del 15 de diciembre de 2025 al 14 de enero de 2026');
    expect(periodPhrase('2026-02-02', '2026-02-02')).toBe('El 2 de febrero de 2026');
  });

  it('uses the singular for one and leaves zeros out of the lists', () => {
    const text = reportBulletin(
      figures('2026-02-02', '2026-02-02', {
        interventions: 1,
        byService: { psicologica: 1 },
        byLine: { intervencion_12_48h: 1 },
        byChannel: { telefono_911: 1 },
        banavimRegisteredCases: 1,
        checkInsSent: 1,
        checkInsAnswered: 1,
        handoffs: 1,
        videoSessions: 1,
      }),
    );
    expect(text).toBe(
      'El 2 de febrero de 2026 la unidad brindó 1 intervención: 1 psicológica. ' +
        'Por vertiente de atención, fue 1 intervención de 12 a 48 horas después del episodio. ' +
        'Por canal, 1 llegó por el 911. ' +
        'De los casos atendidos, 1 caso quedó registrado en el BANAVIM. ' +
        'En el seguimiento por mensajes se envió 1 mensaje de seguimiento (1 respondido y 0 sin respuesta); ' +
        '1 conversación pasó a una persona del equipo, y se realizó 1 videollamada.',
    );
  });

  it('says so when there was nothing in the period', () => {
    expect(reportBulletin(figures('2026-01-01', '2026-01-31', {}))).toBe(
      'Del 1 al 31 de enero de 2026 la unidad no registró intervenciones. ' +
        'Ningún caso atendido en el periodo quedó registrado en el BANAVIM. ' +
        'En el seguimiento por mensajes no se enviaron mensajes de seguimiento; ' +
        'ninguna conversación tuvo que pasar a una persona del equipo, y no se realizaron videollamadas.',
    );
  });

  it('formats thousands as in Mexico', () => {
    expect(reportBulletin(figures('2026-01-01', '2026-03-31', { interventions: 12_345, byService: { juridica: 12_345 }, byLine: { seguimiento: 12_345 }, byChannel: { whatsapp: 12_345 } }))).toContain(
      '12,345 intervenciones: 12,345 jurídicas.',
    );
  });

  it('says how many handoffs came outside the staff hours, and charts them, only with staff hours', () => {
    // Two on a Sunday at noon, one on a Monday at 10:00 (Cancún), staff on duty Monday to Friday 9:00–18:00.
    const counts = { handoffs: 3, handoffsByLocalMinute: [{ isoDay: 7, minute: 720, count: 2 }, { isoDay: 1, minute: 600, count: 1 }] };
    const withHours = figures('2026-03-01', '2026-03-31', counts, [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '18:00' }]);
    expect(withHours.seguimiento.pases_a_persona_fuera_de_horario).toBe(2);
    expect(reportBulletin(withHours)).toContain('3 conversaciones pasaron a una persona del equipo (2 fuera del horario del personal), y');
    const followUp = (f: typeof withHours) => reportCharts(f).find((c) => c.id === 'seguimiento')!;
    expect(followUp(withHours).labels).toContain('Fuera del horario del personal');
    expect(followUp(withHours).values).toEqual([0, 0, 0, 3, 2, 0]);

    const always = figures('2026-03-01', '2026-03-31', counts);
    expect(always.seguimiento).not.toHaveProperty('pases_a_persona_fuera_de_horario');
    expect(reportBulletin(always)).toContain('3 conversaciones pasaron a una persona del equipo, y');
    expect(followUp(always).labels).not.toContain('Fuera del horario del personal');
  });
});
