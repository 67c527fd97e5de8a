/**
 * The follow-up settings a clinical team may want to change, in one place. They are deliberate
 * choices about how the service treats her, not deployment settings (those are environment variables,
 * `src/config/schema.ts`); changing one is a code change, reviewed and released like any other.
 */

/**
 * The flows of video-call sessions, by the moment they run: the invitation to choose a time, the
 * reminder a day before (she confirms or asks to move it), the reminder with the link, and the
 * follow-up after the session. Each must exist in `FLOWS_DIR`: the service refuses to start otherwise.
 */
export const VIDEO_FLOWS = {
  invitation: 'invitacion-videollamada',
  reminder: 'confirmacion-videollamada',
  link: 'enlace-videollamada',
  followUp: 'seguimiento',
} as const;

/**
 * How long after her answer a check-in she asked for without saying when ("más tarde") is due: 4
 * hours. (Moved further into her safe hours if it falls outside them.)
 */
export const LATER_WITHOUT_TIME_MS = 4 * 3600 * 1000;

/**
 * How often a number without a case is answered (`UNKNOWN_NUMBER_REPLY`): at most once a day, so a
 * stranger writing again and again is not answered each time.
 */
export const UNKNOWN_REPLY_EVERY_MS = 24 * 3600 * 1000;
