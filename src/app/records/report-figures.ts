import { NO_CATEGORY, UNIT_TIME_ZONE } from '../../engine/index.js';
import type { PeriodCounts } from './ports.js';
import { onDutyAt, type StaffHours } from '../staff-hours.js';
import type { ReportPeriod } from './report-period.js';
import { INTERVENTION_CHANNELS, LINES_OF_ATTENTION, SERVICES } from './intervention-row.js';

/**
 * The unit's figures for a period, as `acompana report --format json` prints them and
 * `GET /api/reports` answers.
 *
 * @example
 * {
 *   "total": 2097,
 *   "servicio": { "juridica": 403, "psicologica": 1694 },
 *   "vertiente": { "acompanamiento_previo": 433, "intervencion_12_48h": 1605, "atencion_subsecuente": 54, "seguimiento": 5 },
 *   "canal": { "telefono_911": 2092, "whatsapp": 3, "videollamada": 2 },
 *   "banavim_registradas": 718,
 *   "seguimiento": { "checkins_enviados": 40, "checkins_respondidos": 31, "checkins_sin_respuesta": 6,
 *                    "pases_a_persona": 4, "videollamadas_realizadas": 2 },
 *   "resultados": { "buen_momento": { "no": 3, "si": 28, "sin_categoria": 1 },
 *                   "como_se_siente": { "bien": 12, "mal": 5, "mas_o_menos": 9 } },
 *   "periodo": { "desde": "2026-01-01", "hasta": "2026-03-31", "zona_horaria": "America/Cancun" }
 * }
 */
export interface ReportFigures {
  total: number;
  servicio: Record<(typeof SERVICES)[number], number>;
  vertiente: Record<(typeof LINES_OF_ATTENTION)[number], number>;
  canal: Record<(typeof INTERVENTION_CHANNELS)[number], number>;
  /** Cases with an intervention in the period that are registered in BANAVIM. */
  banavim_registradas: number;
  seguimiento: {
    /** Check-ins sent in the period. */
    checkins_enviados: number;
    /** Of those, answered. */
    checkins_respondidos: number;
    /** Of those, unanswered (missed). */
    checkins_sin_respuesta: number;
    /** Conversations handed to a person (handoff alerts) in the period. */
    pases_a_persona: number;
    /**
     * Of those, the ones raised while no staff member was on duty, by today's `STAFF_HOURS`; only
     * with staff hours configured (not `always`).
     */
    pases_a_persona_fuera_de_horario?: number;
    /** Video calls held in the period. */
    videollamadas_realizadas: number;
  };
  /**
   * The flows' named results saved in the period: for each result name (a question's `save_as`, a
   * `set` node's `result`), how many times each category was saved (a choice id, `si`/`no`, a `set`
   * literal; `sin_categoria` when she answered with free text, a number or a date). Only names saved
   * in the period, sorted; categories sorted, `sin_categoria` last.
   */
  resultados: Record<string, Record<string, number>>;
  /** Both days included, as the bulletin says them ("del 1 al 31 de enero"). */
  periodo: { desde: string; hasta: string; zona_horaria: string };
}

/** The key of results without a category (free text, a number, a date); reserved in flows. */
export { NO_CATEGORY };

function pick<K extends string>(keys: readonly K[], counts: Record<string, number>): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, counts[k] ?? 0])) as Record<K, number>;
}

/**
 * Shapes the raw counts of a period into {@link ReportFigures}, with every key present (zeros included);
 * `pases_a_persona_fuera_de_horario` only with `staffHours` (`STAFF_HOURS` other than `always`).
 */
export function toReportFigures(period: ReportPeriod, counts: PeriodCounts, staffHours?: StaffHours): ReportFigures {
  const outside = staffHours ? counts.handoffsByLocalMinute.filter((g) => !onDutyAt(staffHours, g.isoDay, g.minute)).reduce((sum, g) => sum + g.count, 0) : undefined;
  return {
    total: counts.interventions,
    servicio: pick(SERVICES, counts.byService),
    vertiente: pick(LINES_OF_ATTENTION, counts.byLine),
    canal: pick(INTERVENTION_CHANNELS, counts.byChannel),
    banavim_registradas: counts.banavimRegisteredCases,
    seguimiento: {
      checkins_enviados: counts.checkInsSent,
      checkins_respondidos: counts.checkInsAnswered,
      checkins_sin_respuesta: counts.checkInsMissed,
      pases_a_persona: counts.handoffs,
      ...(outside === undefined ? {} : { pases_a_persona_fuera_de_horario: outside }),
      videollamadas_realizadas: counts.videoSessions,
    },
    resultados: resultTables(counts.results),
    periodo: { desde: period.from, hasta: period.to, zona_horaria: UNIT_TIME_ZONE },
  };
}

/** Code-point order, with results without a category last. */
function categoryOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (a === NO_CATEGORY || b === NO_CATEGORY) return a === NO_CATEGORY ? 1 : -1;
  return a < b ? -1 : 1;
}

/** The result counts as `{ name: { category: count } }`, names and categories in a stable order. */
function resultTables(rows: PeriodCounts['results']): ReportFigures['resultados'] {
  const byName = new Map<string, Map<string, number>>();
  for (const { name, category, count } of rows) {
    const categories = byName.get(name) ?? new Map<string, number>();
    const key = category ?? NO_CATEGORY;
    categories.set(key, (categories.get(key) ?? 0) + count);
    byName.set(name, categories);
  }
  return Object.fromEntries(
    [...byName.keys()].sort(categoryOrder).map((name) => {
      const categories = byName.get(name)!;
      return [name, Object.fromEntries([...categories.keys()].sort(categoryOrder).map((key) => [key, categories.get(key)!]))];
    }),
  );
}
