/** Why a change to a video-call session was refused; the API maps each code to a status and a field. */
export class AppointmentError extends Error {
  constructor(
    readonly code:
      | 'NOT_FOUND'
      | 'CASE_NOT_FOUND'
      | 'NOT_A_PSYCHOLOGIST'
      | 'NOT_REACHABLE'
      | 'INVALID_TIME'
      | 'OUTSIDE_HOURS'
      | 'SLOT_TAKEN'
      | 'WRONG_STATUS'
      | 'NOT_YET',
    message: string,
  ) {
    super(message);
    this.name = 'AppointmentError';
  }
}
