import type { AppointmentDeps } from '../app/appointments/deps.js';
import { appointmentAnswered, scheduleReminders } from '../app/appointments/reminders.js';
import type { CheckInDeps } from '../app/checkins/deps.js';
import type { AppointmentAnswers } from '../app/turn-follow-ups.js';
import { prismaAppointmentStore } from '../persistence/appointment-store.js';
import { prismaAuditTrail } from '../persistence/audit-trail.js';
import { sqlConversationStore } from '../persistence/sql-conversation-store.js';
import { queueAppointmentScheduler } from '../scheduling/appointment-scheduler.js';
import type { Core } from './core.js';
import { VIDEO_FLOWS } from './follow-up-settings.js';

/** Video-call sessions as the roles use them. */
export interface AppointmentWiring {
  /** Booking, reminders (on the `appointment-reminders` queue), her answers. */
  deps: AppointmentDeps;
  /** What a turn calls when her answer changed a session. */
  answers: AppointmentAnswers;
  /** Re-plans every upcoming session's reminders (deterministic job ids: nothing is added twice). */
  replanReminders(): Promise<void>;
}

/** Builds the video-call sessions over the core and the check-ins (a session's follow-up is a check-in). */
export function wireAppointments(core: Core, checkIns: CheckInDeps): AppointmentWiring {
  const { config, db, privacy, clock, log } = core;
  const deps: AppointmentDeps = {
    store: prismaAppointmentStore(db, privacy),
    scheduler: queueAppointmentScheduler(core.queues.appointmentReminders, clock),
    checkIns,
    conversations: sqlConversationStore(db, privacy),
    events: core.events,
    audit: prismaAuditTrail(db),
    clock,
    log,
    video: {
      baseUrl: config.VIDEO_BASE_URL,
      linkSentWith: config.VIDEO_LINK_SENT,
      defaultWorkingHours: config.WORKING_HOURS,
      sessionMinutes: config.SESSION_MINUTES,
    },
    flows: VIDEO_FLOWS,
  };
  return {
    deps,
    answers: { answered: (caseId, appointmentId) => appointmentAnswered(deps, caseId, appointmentId) },
    async replanReminders() {
      for (const row of await deps.store.upcoming(clock.now())) {
        // One session that cannot be planned is logged by id and skipped, never blocking the others.
        await scheduleReminders(deps, row, { alert: false }).catch((error: unknown) =>
          log.error({ appointmentId: row.id, err: { name: (error as Error).name } }, 'session reminders could not be planned'),
        );
      }
    },
  };
}
