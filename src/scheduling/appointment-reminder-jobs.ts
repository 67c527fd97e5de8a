import { z } from 'zod';

/**
 * A job of the `appointment-reminders` queue: a video-call reminder for the session's start it was
 * planned for (`day`: the day before, `hour`: with the link).
 *
 * @example
 * { "kind": "reminder", "appointmentId": "…", "reminder": "day", "startsAt": "2026-12-01T15:00:00.000Z" }
 */
export const appointmentReminderJobSchema = z.object({
  kind: z.literal('reminder'),
  appointmentId: z.uuid(),
  reminder: z.enum(['day', 'hour']),
  startsAt: z.iso.datetime(),
});

/** Payload of an `appointment-reminders` job. */
export type AppointmentReminderJob = z.infer<typeof appointmentReminderJobSchema>;
