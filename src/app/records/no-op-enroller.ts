import type { Enroller } from './ports.js';

/**
 * An {@link Enroller} that does nothing. Used until the check-in scheduler provides the real one: the
 * import records consent and `Case.interventionAt`, which is everything a scheduler needs to plan
 * check-ins from, but no check-in is scheduled by this implementation.
 */
export const noOpEnroller: Enroller = {
  async enroll() {},
};
