import type { Clock } from '../../src/app/ports.js';

/** The real clock, moved forward by hand: for expiry tests. */
export interface AdjustableClock extends Clock {
  advance(ms: number): void;
  reset(): void;
}

/** A clock that runs with real time plus an offset the test advances. */
export function adjustableClock(): AdjustableClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
    reset: () => {
      offset = 0;
    },
  };
}
