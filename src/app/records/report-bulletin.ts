import { DateTime } from 'luxon';
import type { ReportFigures } from './report-figures.js';
import { UNIT_TIME_ZONE } from '../../engine/index.js';

const numberFormat = new Intl.NumberFormat('es-MX');

/** A count in Mexican Spanish: `2,097`. */
export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** `n` followed by the singular or the plural noun phrase: `1 jurídica`, `403 jurídicas`. */
function count(n: number, one: string, many: string): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** `a`, `a y b`, `a, b y c`. */
function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} y ${items[items.length - 1]}`;
}

/** The non-zero parts, phrased: zeros are left out of the sentence. */
function parts(entries: [number, string, string][]): string {
  return list(entries.filter(([n]) => n > 0).map(([n, one, many]) => count(n, one, many)));
}

/**
 * The period in words: `Del 1 de enero al 31 de marzo de 2026`, `Del 1 al 31 de marzo de 2026`,
 * `Del 15 de diciembre de 2025 al 14 de enero de 2026`, `El 2 de febrero de 2026`.
 */
export function periodPhrase(from: string, lastDay: string): string {
  const a = DateTime.fromISO(from, { zone: UNIT_TIME_ZONE }).setLocale('es-MX');
  const b = DateTime.fromISO(lastDay, { zone: UNIT_TIME_ZONE }).setLocale('es-MX');
  const full = "d 'de' MMMM 'de' yyyy";
  if (from === lastDay) return `El ${a.toFormat(full)}`;
  if (a.year === b.year && a.month === b.month) return `Del ${a.toFormat('d')} al ${b.toFormat(full)}`;
  if (a.year === b.year) return `Del ${a.toFormat("d 'de' MMMM")} al ${b.toFormat(full)}`;
  return `Del ${a.toFormat(full)} al ${b.toFormat(full)}`;
}

/**
 * The unit's bulletin paragraph, in Spanish, written from the figures (`acompana report --format text`).
 *
 * @example
 * // "Del 1 de enero al 31 de marzo de 2026 la unidad brindó 2,097 intervenciones: 403 jurídicas y
 * //  1,694 psicológicas. Por vertiente de atención, fueron 433 acompañamientos previos, 1,605 intervenciones
 * //  de 12 a 48 horas después del episodio, 54 atenciones subsecuentes y 5 seguimientos por WhatsApp o
 * //  videollamada. …"
 */
export function reportBulletin(f: ReportFigures): string {
  const when = periodPhrase(f.periodo.desde, f.periodo.hasta);
  const sentences: string[] = [];
  if (f.total === 0) {
    sentences.push(`${when} la unidad no registró intervenciones.`);
  } else {
    sentences.push(
      `${when} la unidad brindó ${count(f.total, 'intervención', 'intervenciones')}: ${parts([
        [f.servicio.juridica, 'jurídica', 'jurídicas'],
        [f.servicio.psicologica, 'psicológica', 'psicológicas'],
      ])}.`,
      `Por vertiente de atención, ${f.total === 1 ? 'fue' : 'fueron'} ${parts([
        [f.vertiente.acompanamiento_previo, 'acompañamiento previo', 'acompañamientos previos'],
        [f.vertiente.intervencion_12_48h, 'intervención de 12 a 48 horas después del episodio', 'intervenciones de 12 a 48 horas después del episodio'],
        [f.vertiente.atencion_subsecuente, 'atención subsecuente', 'atenciones subsecuentes'],
        [f.vertiente.seguimiento, 'seguimiento por WhatsApp o videollamada', 'seguimientos por WhatsApp o videollamada'],
      ])}.`,
      `Por canal, ${parts([
        [f.canal.telefono_911, 'llegó por el 911', 'llegaron por el 911'],
        [f.canal.whatsapp, 'por WhatsApp', 'por WhatsApp'],
        [f.canal.videollamada, 'por videollamada', 'por videollamada'],
      ])}.`,
    );
  }
  sentences.push(
    f.banavim_registradas === 0
      ? 'Ningún caso atendido en el periodo quedó registrado en el BANAVIM.'
      : `De los casos atendidos, ${count(f.banavim_registradas, 'caso quedó registrado', 'casos quedaron registrados')} en el BANAVIM.`,
  );
  sentences.push(followUpSentence(f.seguimiento));
  return sentences.join(' ');
}

function followUpSentence(s: ReportFigures['seguimiento']): string {
  const checkIns =
    s.checkins_enviados === 0
      ? 'En el seguimiento por mensajes no se enviaron mensajes de seguimiento'
      : `En el seguimiento por mensajes se ${s.checkins_enviados === 1 ? 'envió' : 'enviaron'} ${count(
          s.checkins_enviados,
          'mensaje de seguimiento',
          'mensajes de seguimiento',
        )} (${count(s.checkins_respondidos, 'respondido', 'respondidos')} y ${formatCount(s.checkins_sin_respuesta)} sin respuesta)`;
  const outside = s.pases_a_persona_fuera_de_horario;
  const handoffs =
    s.pases_a_persona === 0
      ? 'ninguna conversación tuvo que pasar a una persona del equipo'
      : `${count(s.pases_a_persona, 'conversación pasó', 'conversaciones pasaron')} a una persona del equipo` +
        (outside ? ` (${formatCount(outside)} fuera del horario del personal)` : '');
  const video =
    s.videollamadas_realizadas === 0
      ? 'no se realizaron videollamadas'
      : `se ${s.videollamadas_realizadas === 1 ? 'realizó' : 'realizaron'} ${count(s.videollamadas_realizadas, 'videollamada', 'videollamadas')}`;
  return `${checkIns}; ${handoffs}, y ${video}.`;
}
