import type { ReportFigures } from '../../app/records/report-figures.js';
import { formatCount } from '../../app/records/report-bulletin.js';

/** One chart of the report page: drawn by chart.js in the browser, described in words for screen readers. */
export interface ReportChart {
  id: string;
  type: 'doughnut' | 'bar';
  /** Bars run left to right (`y`) when the labels are long. */
  indexAxis: 'x' | 'y';
  title: string;
  labels: string[];
  values: number[];
  /** `Por servicio: Jurídica 403, Psicológica 1,694.` */
  description: string;
}

function chart(id: string, type: ReportChart['type'], indexAxis: ReportChart['indexAxis'], title: string, entries: [string, number][]): ReportChart {
  return {
    id,
    type,
    indexAxis,
    title,
    labels: entries.map(([label]) => label),
    values: entries.map(([, value]) => value),
    description: `${title}: ${entries.map(([label, value]) => `${label} ${formatCount(value)}`).join(', ')}.`,
  };
}

/** The four charts of the report page, labelled in Spanish. */
export function reportCharts(f: ReportFigures): ReportChart[] {
  return [
    chart('servicio', 'doughnut', 'x', 'Intervenciones por servicio', [
      ['Jurídica', f.servicio.juridica],
      ['Psicológica', f.servicio.psicologica],
    ]),
    chart('vertiente', 'bar', 'y', 'Intervenciones por vertiente de atención', [
      ['Acompañamiento previo', f.vertiente.acompanamiento_previo],
      ['Intervención 12–48\u00a0h', f.vertiente.intervencion_12_48h],
      ['Atención subsecuente', f.vertiente.atencion_subsecuente],
      ['Seguimiento (WhatsApp o videollamada)', f.vertiente.seguimiento],
    ]),
    chart('canal', 'bar', 'x', 'Intervenciones por canal', [
      ['Teléfono 911', f.canal.telefono_911],
      ['WhatsApp', f.canal.whatsapp],
      ['Videollamada', f.canal.videollamada],
    ]),
    chart('seguimiento', 'bar', 'y', 'Seguimiento por mensajes y videollamada', [
      ['Mensajes de seguimiento enviados', f.seguimiento.checkins_enviados],
      ['Respondidos', f.seguimiento.checkins_respondidos],
      ['Sin respuesta', f.seguimiento.checkins_sin_respuesta],
      ['Pasaron a una persona', f.seguimiento.pases_a_persona],
      ...(f.seguimiento.pases_a_persona_fuera_de_horario === undefined
        ? []
        : [['Fuera del horario del personal', f.seguimiento.pases_a_persona_fuera_de_horario] as [string, number]]),
      ['Videollamadas realizadas', f.seguimiento.videollamadas_realizadas],
    ]),
  ];
}
