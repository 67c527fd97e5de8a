import type { Queue } from 'bullmq';
import type { AppointmentScheduler, ReminderKind } from '../app/appointments/ports.js';
import type { Clock } from '../app/ports.js';
import type { AppointmentReminderJob } from './appointment-reminder-jobs.js';

/** The job id of a session's reminder for one start time: moving the session changes the id. */
export function reminderJobId(appointmentId: string, kind: ReminderKind, startsAt: Date): string {
  return `ar-${appointmentId}-${kind}-${startsAt.getTime()}`;
}

/**
 * The {@link AppointmentScheduler} on the `appointment-reminders` queue: one delayed job per session, reminder and
 * start time, with a deterministic id, so scheduling twice adds one job. A job left behind by a move or
 * a cancellation finds the session changed and does nothing.
 */
export function queueAppointmentScheduler(queue: Queue<AppointmentReminderJob>, clock: Clock): AppointmentScheduler {
  return {
    async scheduleReminder(appointment, kind, at) {
      const jobId = reminderJobId(appointment.id, kind, appointment.startsAt);
      // Replacing an earlier plan for the same start (a reminder moved into her safe hours).
      const existing = await queue.getJob(jobId);
      if (existing && (await existing.isDelayed())) {
        if (existing.timestamp + (existing.opts.delay ?? 0) === at.getTime()) return;
        await existing.remove();
      }
      await queue.add(
        'reminder',
        { kind: 'reminder', appointmentId: appointment.id, reminder: kind, startsAt: appointment.startsAt.toISOString() },
        { jobId, delay: Math.max(0, at.getTime() - clock.now().getTime()) },
      );
    },
    async unscheduleReminders(appointment) {
      await Promise.all((['day', 'hour'] as const).map((kind) => queue.remove(reminderJobId(appointment.id, kind, appointment.startsAt))));
    },
  };
}
