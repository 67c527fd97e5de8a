import { handleInbound } from '../app/handle-inbound.js';
import { handleHerMessageChange } from '../app/her-message-change.js';
import { captionAsText } from '../app/caption-inbound.js';
import { handleNonTextInbound } from '../app/handle-non-text-inbound.js';
import { handleTakeover } from '../app/handle-takeover.js';
import { recordDeliveryStatus } from '../app/record-delivery-status.js';
import { handleDeliveryFailure } from '../app/delivery-failures/handle-delivery-failure.js';
import { fireLegacyTimeout, sweepSessionTimeouts, type SessionTimeoutDeps } from '../app/session-timeouts.js';
import { fireCheckIn } from '../app/checkins/fire-check-in.js';
import { expireCheckIn } from '../app/checkins/expire-check-in.js';
import { reconcileCheckIns } from '../app/checkins/reconcile.js';
import { fireReminder } from '../app/appointments/reminders.js';
import { codeWordHasher } from '../privacy/phone-hash.js';
import { prismaDeliveryStatusStore } from '../persistence/delivery-status-store.js';
import { inboundProcessor, statusWaitMs } from '../scheduling/inbound-processor.js';
import { checkInProcessor } from '../scheduling/checkin-processor.js';
import { sessionTimeoutProcessor } from '../scheduling/session-timeout-processor.js';
import { TIMEOUT_SWEEP_SCHEDULER_ID } from '../scheduling/session-timeout-jobs.js';
import { appointmentReminderProcessor } from '../scheduling/appointment-reminder-processor.js';
import { runRetention } from '../app/records/retention.js';
import { createBulletins } from '../app/records/bulletins.js';
import { prismaBulletinStore } from '../persistence/records/bulletin-store.js';
import { prismaReportCounts } from '../persistence/records/report-counts.js';
import { prismaAuditTrail } from '../persistence/audit-trail.js';
import { prismaRetentionStore } from '../persistence/records/retention-store.js';
import { startMaintenanceJobs, type MaintenanceJobs } from '../scheduling/maintenance-jobs.js';
import type { Core } from './core.js';
import type { CheckInWiring } from './checkin-wiring.js';
import type { AppointmentWiring } from './appointment-wiring.js';
import type { DeliveryFailureDeps } from '../app/delivery-failures/handle-delivery-failure.js';
import { sqlConversationStore } from '../persistence/sql-conversation-store.js';
import { UNKNOWN_REPLY_EVERY_MS } from './follow-up-settings.js';
import { sendNowDispatcher } from '../app/send-now-dispatcher.js';
import type { ProcessorsOf } from './queue-owners.js';
import type { ClaimedOutbound } from '../app/ports.js';

/** What the worker role uses besides the core: check-ins, video-call sessions, delivery failures. */
export interface WorkerDeps {
  checkIns: CheckInWiring;
  appointments: AppointmentWiring;
  deliveryFailures: DeliveryFailureDeps;
}

/** The worker role: conversations (what arrives), check-ins, question timeouts, video-call reminders and the reconciler. */
export interface WorkerRole {
  processors: ProcessorsOf<'worker'>;
  /**
   * Makes Redis match the check-ins in the database now, and every `RECONCILE_EVERY_SECONDS`; sweeps
   * the due question timeouts every `TIMEOUT_SWEEP_SECONDS`.
   */
  startReconciler(): Promise<void>;
  /** Starts the daily retention job (`RETENTION_SCHEDULE`), run once across all worker processes. */
  startMaintenance(): Promise<MaintenanceJobs>;
}

/**
 * Builds the worker role's processors over the core's stores and queues. With `sendNow` (this process
 * also holds a channel that sends at once), the replies to what she sent go out from the job that
 * handled it, the outbound queue taking over only if that send stops.
 */
export function wireWorker(core: Core, deps: WorkerDeps, sendNow?: (contactIds: readonly string[], written?: readonly ClaimedOutbound[]) => Promise<unknown>): WorkerRole {
  const { config, dispatcher, events, flows, clock, log } = core;
  const { deps: checkIns, turn: turnCheckIns } = deps.checkIns;
  const { appointments, deliveryFailures } = deps;
  const store = sqlConversationStore(core.db, core.privacy);
  // Only replies to her messages: if this process dies while sending them, the retried job finds them
  // unsent and sends them again (see handleInbound).
  const replies = sendNow ? sendNowDispatcher({ send: sendNow, queued: dispatcher, log }) : dispatcher;
  const unknownReply = { text: config.UNKNOWN_NUMBER_REPLY, everyMs: UNKNOWN_REPLY_EVERY_MS };
  const statuses = prismaDeliveryStatusStore(core.db);
  const hashCodeWord = codeWordHasher(config.PHONE_HASH_KEY);
  // What a flow step needs, whether her message or a question's timeout started it.
  const turn = {
    store,
    dispatcher,
    events,
    flows,
    clock,
    log,
    checkIns: turnCheckIns,
    video: checkIns.video,
    staffHours: checkIns.staffHours,
    deniedWords: core.settings.denyList,
    appointments: appointments.answers,
  };
  const inboundDeps = { ...turn, dispatcher: replies, startFlow: config.START_FLOW, unknownReply, settings: core.settings, hashCodeWord };
  const timeoutDeps: SessionTimeoutDeps = {
    ...turn,
    channel: core.channelName,
    policyDefaults: checkIns.policyDefaults,
  };
  const sessionTimeouts = sessionTimeoutProcessor({
    sweep: async () => {
      const report = await sweepSessionTimeouts(timeoutDeps);
      if (Object.values(report).some((count) => count > 0)) log.info({ ...report }, 'question timeouts swept');
      return report;
    },
    legacy: (timeout) => fireLegacyTimeout(timeoutDeps, timeout),
  });
  const appointmentReminders = appointmentReminderProcessor((job) =>
    fireReminder(appointments.deps, job.appointmentId, job.reminder, Date.parse(job.startsAt)),
  );
  return {
    processors: {
      inbound: inboundProcessor(core.privacy.cipher, {
        inbound: (message) => handleInbound(inboundDeps, message),
        nonText: (message) => {
          // A caption is read like a text: interrupts first, then the waiting question.
          const captioned = captionAsText(message);
          if (captioned) return handleInbound(inboundDeps, captioned);
          return handleNonTextInbound(
            { store, dispatcher: replies, events, clock, log, reply: config.NON_TEXT_REPLY, replyAfterHours: config.NON_TEXT_REPLY_AFTER_HOURS, staffHours: config.STAFF_HOURS, unknownReply },
            message,
          );
        },
        takeover: (event) => handleTakeover({ store, events, clock, log }, event),
        herChange: (change) => handleHerMessageChange(inboundDeps, change),
        deliveryStatus: (update) =>
          recordDeliveryStatus({ statuses, events, onFailed: (contactId) => handleDeliveryFailure(deliveryFailures, contactId) }, update),
      }, log, { statusWaitMs: statusWaitMs(config.WORKER_LOCK_SECONDS * 1000) }),
      checkins: checkInProcessor(
        {
          fire: (id) => fireCheckIn(checkIns, id),
          expire: (id) => expireCheckIn(checkIns, id),
          reconcile: async () => {
            const report = await reconcileCheckIns(checkIns);
            await appointments.replanReminders();
            return report;
          },
        },
        // Compatibility for one release: `timeout` and `reminder` jobs delayed on `checkins` before the split.
        { timeout: sessionTimeouts, reminder: appointmentReminders },
      ),
      sessionTimeouts,
      appointmentReminders,
    },
    startMaintenance() {
      const retention = { store: prismaRetentionStore(core.db), audit: prismaAuditTrail(core.db), clock, log };
      return startMaintenanceJobs({
        connection: core.connection,
        prefix: config.QUEUE_PREFIX,
        pattern: config.RETENTION_SCHEDULE,
        log,
        retention: () =>
          runRetention({ ...retention, days: config.RETENTION_DAYS, unknownDays: config.RETENTION_UNKNOWN_DAYS }, { staffId: null, via: 'scheduler' }),
        bulletin: {
          pattern: config.BULLETIN_SCHEDULE,
          run: async () => {
            const bulletins = createBulletins({ store: prismaBulletinStore(core.db), counts: prismaReportCounts(core.db), audit: prismaAuditTrail(core.db), clock, staffHours: config.STAFF_HOURS });
            const outcome = await bulletins.computePreviousMonth({ staffId: null, via: 'scheduler' });
            log.info({ bulletinId: outcome.id, periodFrom: outcome.from, periodTo: outcome.to, created: outcome.created }, 'monthly bulletin computed');
          },
        },
      });
    },
    async startReconciler() {
      // A failed first pass must not stop the start: the scheduled pass below retries it every few
      // minutes, and the error is logged for the operator (ids only).
      try {
        await reconcileCheckIns(checkIns);
        // Reminders are re-planned at start too (deterministic job ids: nothing is added twice).
        await appointments.replanReminders();
      } catch (error) {
        log.error({ err: { name: (error as Error).name, code: (error as { code?: unknown }).code } }, 'reconcile at start failed; retried on schedule');
      }
      await core.queues.checkins.upsertJobScheduler(
        'reconcile',
        { every: config.RECONCILE_EVERY_SECONDS * 1000 },
        { name: 'reconcile', data: { kind: 'reconcile' } },
      );
      // Question timeouts are kept on their sessions in the database: this only wakes the sweep. One
      // sweep at a time across every worker process: a long one (thousands due at once) is not joined
      // by the next ones, which would walk the same sessions behind its locks.
      await core.queues.sessionTimeouts.setGlobalConcurrency(1);
      await core.queues.sessionTimeouts.upsertJobScheduler(
        TIMEOUT_SWEEP_SCHEDULER_ID,
        { every: config.TIMEOUT_SWEEP_SECONDS * 1000 },
        { name: 'sweep', data: { kind: 'sweep' } },
      );
    },
  };
}
