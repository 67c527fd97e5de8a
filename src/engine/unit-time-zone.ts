/**
 * The time zone of the unit, of every survivor's safe hours, of reports, schedules and the console:
 * Quintana Roo, UTC−5 all year, no daylight saving. The one place it is written; the engine reads
 * typed dates in it when a run's context names no other ({@link RunContext.timezone}).
 */
export const UNIT_TIME_ZONE = 'America/Cancun';
