import type { Clock } from './ports.js';

/** The real clock. Tests pass their own {@link Clock} instead. */
export const systemClock: Clock = { now: () => new Date() };
