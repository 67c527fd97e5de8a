import { Duration } from 'luxon';
import { z } from 'zod';
import { schemaError } from './schema-text.js';

/** ISO-8601 durations: `PT4H`, `PT30M`, `P1D`, `P1DT12H`, `P1W`. */
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

/**
 * A duration as written in a flow file, ISO 8601.
 *
 * @example
 * after: PT4H      # 4 hours
 * after: P1D       # 1 day
 * after: PT30M     # 30 minutes
 */
export const isoDurationSchema = z.string().regex(ISO_DURATION, {
  error: schemaError(
    'debe ser una duración ISO 8601, como PT4H (4 horas), PT30M (30 minutos) o P1D (1 día)',
    'must be an ISO-8601 duration such as PT4H (4 hours), PT30M (30 minutes) or P1D (1 day)',
  ),
});

/** The length of a (valid) ISO-8601 duration in seconds (months count 30 days, years 365). */
export function durationSeconds(iso: string): number {
  return Math.round(Duration.fromISO(iso).as('seconds'));
}

/**
 * A duration in short Spanish words, for diagrams.
 *
 * @example
 * describeDuration('PT4H')    // '4 h'
 * describeDuration('P1DT12H') // '1 día 12 h'
 * describeDuration('PT30M')   // '30 min'
 */
export function describeDuration(iso: string): string {
  const d = Duration.fromISO(iso).shiftTo('days', 'hours', 'minutes', 'seconds');
  const words: string[] = [];
  if (d.days) words.push(`${d.days} ${d.days === 1 ? 'día' : 'días'}`);
  if (d.hours) words.push(`${d.hours} h`);
  if (d.minutes) words.push(`${d.minutes} min`);
  if (d.seconds) words.push(`${Math.round(d.seconds)} s`);
  return words.join(' ') || '0 s';
}
