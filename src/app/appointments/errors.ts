import type { SlotRefusal } from './availability.js';

/** Why a change to a video-call session was refused; the API maps each code to a status and a field. */
export class AppointmentError extends Error {
  constructor(
    readonly code:
      | 'NOT_FOUND'
      | 'CASE_NOT_FOUND'
      | 'NOT_A_PSYCHOLOGIST'
      | 'NOT_REACHABLE'
      | 'NO_VIDEO_CONSENT'
      | 'INVALID_TIME'
      | 'OUTSIDE_HOURS'
      | 'SLOT_TAKEN'
      | 'WRONG_STATUS'
      | 'NOT_YET',
    message: string,
    /** For `OUTSIDE_HOURS` and `SLOT_TAKEN` found before writing: the rule the time broke. */
    readonly refusal?: SlotRefusal,
  ) {
    super(message);
    this.name = 'AppointmentError';
  }
}
