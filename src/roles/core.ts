import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';
import { Duration } from 'luxon';
import type { Config } from '../config/schema.js';
import { StartupError } from '../app/errors.js';
import type { FlowRegistry } from '../app/flow-registry.js';
import type { AppointmentAnswers, TurnCheckIns } from '../app/turn-follow-ups.js';
import type { CaseEventBus, Clock, ContactChannel, ConversationStore, OutboundDispatcher, OutboxStore } from '../app/ports.js';
import { loadFlowDirectory, type InterruptSettings } from '../engine/index.js';
import { addCheckIn } from '../app/checkins/staff-check-ins.js';
import { cancelCheckIns } from '../app/checkins/cancel-check-ins.js';
import type { CheckInDeps } from '../app/checkins/deps.js';
import { loadPlan, PlanValidationError } from '../app/checkins/load-plan.js';
import { FieldCipher } from '../privacy/field-cipher.js';
import { phoneHasher } from '../privacy/phone-hash.js';
import { createDatabase, type Database } from '../persistence/database.js';
import { migrateDatabase } from '../persistence/migrate.js';
import { refreshPlannerStatistics } from '../persistence/planner-statistics.js';
import type { PrivacyTools } from '../persistence/conversation-store.js';
import { sqlConversationStore } from '../persistence/sql-conversation-store.js';
import { sqlOutboxStore } from '../persistence/sql-outbox-store.js';
import { prismaCheckInStore } from '../persistence/checkin-store.js';
import { createQueues, type PipelineQueues } from '../scheduling/queues.js';
import { bullConnection, createRedis } from '../scheduling/redis.js';
import { queueOutboundDispatcher } from '../scheduling/outbound-dispatcher.js';
import { redisCaseEventBus } from '../scheduling/redis-case-events.js';
import { queueCheckInScheduler } from '../scheduling/checkin-scheduler.js';
import { queueTimeoutScheduler } from '../scheduling/timeout-scheduler.js';
import { contactChannelOf } from '../channels/create-channel.js';
import type { AppointmentDeps } from '../app/appointments/deps.js';
import { appointmentAnswered, scheduleReminders } from '../app/appointments/reminders.js';
import { prismaAppointmentStore } from '../persistence/appointment-store.js';
import { queueAppointmentScheduler } from '../scheduling/appointment-scheduler.js';
import { prismaAuditTrail } from '../persistence/audit-trail.js';
import type { DeliveryFailureDeps } from '../app/delivery-failures/handle-delivery-failure.js';
import { sqlDeliveryFailureStore } from '../persistence/delivery-failure-store.js';
import { openingsWithoutTemplate } from '../engine/index.js';

/** What every role of a process shares: the flows, PostgreSQL, Redis, the queues and the stores over them. */
export interface Core {
  config: Config;
  log: Logger;
  clock: Clock;
  flows: FlowRegistry;
  settings: InterruptSettings;
  privacy: PrivacyTools;
  db: Database;
  /** A shared Redis connection, and the means to open a dedicated one (subscribers). */
  redis: Redis;
  openRedis: () => Redis;
  /** What BullMQ workers connect with (each worker opens its own connections). */
  connection: ConnectionOptions;
  queues: PipelineQueues;
  events: CaseEventBus;
  store: ConversationStore;
  outbox: OutboxStore;
  dispatcher: OutboundDispatcher;
  /** The channel contacts are recorded on (whichever process owns it). */
  channelName: ContactChannel;
  checkIns: CheckInDeps;
  /** The check-in operations a conversation turn may ask for. */
  turnCheckIns: TurnCheckIns;
  /** Video-call sessions: booking, reminders, her answers. */
  appointments: AppointmentDeps;
  /** What a turn calls when her answer changed a session. */
  appointmentAnswers: AppointmentAnswers;
  /** What a failed delivery needs to reach a person (alert, failed check-in, one retry as template). */
  deliveryFailures: DeliveryFailureDeps;
  /** Re-plans every upcoming session's reminders (deterministic job ids: nothing is added twice). */
  replanReminders(): Promise<void>;
  /** Closes the queues and every connection of the core. */
  close(): Promise<void>;
}

/** The flows of video-call sessions: invitation, reminder a day before, reminder with the link, follow-up after. */
const VIDEO_FLOWS = {
  invitation: 'invitacion-videollamada',
  reminder: 'confirmacion-videollamada',
  link: 'enlace-videollamada',
  followUp: 'seguimiento',
} as const;

/** The time a check-in she asked for without saying when ("más tarde") is moved by, at least. */
const LATER_WITHOUT_TIME_MS = 4 * 3600 * 1000;

/**
 * Loads and checks the flows and the check-in plan, applies migrations, and opens what every role
 * shares. Nothing is consumed yet: the roles start their workers and routes.
 *
 * @throws StartupError naming what is wrong (invalid flows or plan, migration).
 */
export async function openCore(config: Config, log: Logger, clock: Clock): Promise<Core> {
  const { flows, settings } = await loadFlows(config.FLOWS_DIR);
  if (config.CHANNEL === 'cloud-api') {
    // WhatsApp refuses free text outside her 24-hour window: a conversation the service opens needs a template.
    const finding = [...flows.values()].flatMap((flow) => openingsWithoutTemplate(flow.definition))[0];
    if (finding) throw new StartupError('FLOWS_INVALID', `CHANNEL=cloud-api: flow ${finding.flowId}, node ${finding.nodeId} can open a conversation but names no WhatsApp template (free text outside her 24-hour window never reaches her): add one, see acompana flows validate --channel cloud-api`);
  }
  for (const flowId of Object.values(VIDEO_FLOWS)) {
    if (!flows.has(flowId)) throw new StartupError('FLOWS_INVALID', `video calls need the flow ${flowId} in ${config.FLOWS_DIR}`);
  }
  if (!flows.has(config.START_FLOW)) {
    throw new StartupError('FLOWS_INVALID', `START_FLOW: no flow named ${config.START_FLOW} in ${config.FLOWS_DIR}`);
  }
  const plan = await loadPlan(config.CHECKIN_PLAN, new Set(flows.keys())).catch((error: unknown) => {
    if (error instanceof PlanValidationError) throw new StartupError('FLOWS_INVALID', `invalid check-in plan:\n${error.message}`);
    throw error;
  });
  if (config.MIGRATE_ON_START) await migrateDatabase(config.DATABASE_URL);

  const privacy: PrivacyTools = { cipher: new FieldCipher(config.DATA_KEYS), hashPhone: phoneHasher(config.PHONE_HASH_KEY) };
  const db = createDatabase(config.DATABASE_URL);
  // After a restore or an import, and wherever autovacuum is off: no plan made on believed-empty tables.
  await refreshPlannerStatistics(db).then(
    (tables) => tables.length > 0 && log.info({ tables }, 'planner statistics refreshed'),
    (error: unknown) => log.warn({ err: error }, 'planner statistics not refreshed'),
  );
  const connection = bullConnection(config.REDIS_URL, config.REDIS_SENTINELS);
  const onRedisError = (error: Error) => log.warn({ code: (error as { code?: string }).code }, 'redis connection error');
  const openRedis = () => createRedis(config.REDIS_URL, onRedisError, {}, config.REDIS_SENTINELS);
  // The shared connection carries many small commands from concurrent jobs and requests (rate counts,
  // once-only marks, live events, simulated deliveries): those issued in the same tick go out in one
  // write. Dedicated connections (subscribers) keep the default.
  const redis = createRedis(config.REDIS_URL, onRedisError, { enableAutoPipelining: true }, config.REDIS_SENTINELS);
  const queues = createQueues(connection, config.QUEUE_PREFIX, onRedisError);
  const dispatcher = queueOutboundDispatcher(queues.outbound);
  const events = redisCaseEventBus(redis, openRedis, config.QUEUE_PREFIX);
  const channelName = contactChannelOf(config.CHANNEL);
  const checkIns: CheckInDeps = {
    store: prismaCheckInStore(db, privacy),
    scheduler: queueCheckInScheduler(queues.checkins, clock),
    dispatcher,
    events,
    flows,
    clock,
    log,
    plan,
    channel: channelName,
    policyDefaults: { windows: config.CONTACT_WINDOWS, quiet: config.QUIET_HOURS },
    answerWindowMs: config.CHECKIN_ANSWER_HOURS * 3600 * 1000,
    missedLimit: config.CHECKIN_MISSED_LIMIT,
    timeouts: queueTimeoutScheduler(queues.checkins, clock),
    video: { baseUrl: config.VIDEO_BASE_URL, linkSentWith: config.VIDEO_LINK_SENT },
  };
  const store = sqlConversationStore(db, privacy);
  const appointments: AppointmentDeps = {
    store: prismaAppointmentStore(db, privacy),
    scheduler: queueAppointmentScheduler(queues.checkins, clock),
    checkIns,
    conversations: store,
    events,
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
  const turnCheckIns: TurnCheckIns = {
    cancelAll: (caseId, reason) => cancelCheckIns(checkIns, caseId, reason),
    requested: (caseId, request, now) =>
      addCheckIn(checkIns, {
        caseId,
        flowId: request.flow,
        at: request.at
          ? new Date(request.at)
          : new Date(now.getTime() + (request.after ? Duration.fromISO(request.after).toMillis() : LATER_WITHOUT_TIME_MS)),
        staffId: null,
      }),
  };
  return {
    config,
    log,
    clock,
    flows,
    settings,
    privacy,
    db,
    redis,
    openRedis,
    connection,
    queues,
    events,
    store,
    outbox: sqlOutboxStore(db, privacy),
    dispatcher,
    channelName,
    checkIns,
    turnCheckIns,
    appointments,
    deliveryFailures: {
      store: sqlDeliveryFailureStore(db, privacy),
      dispatcher,
      events,
      clock,
      log,
      failedLimit: config.DELIVERY_FAILED_LIMIT,
    },
    appointmentAnswers: { answered: (caseId, appointmentId) => appointmentAnswered(appointments, caseId, appointmentId) },
    async replanReminders() {
      for (const row of await appointments.store.upcoming(clock.now())) {
        // One session that cannot be planned is logged by id and skipped, never blocking the others.
        await scheduleReminders(appointments, row, { alert: false }).catch((error: unknown) =>
          log.error({ appointmentId: row.id, err: { name: (error as Error).name } }, 'session reminders could not be planned'),
        );
      }
    },
    async close() {
      await queues.close();
      redis.disconnect();
      await db.$disconnect();
    },
  };
}

async function loadFlows(dir: string): Promise<{ flows: FlowRegistry; settings: InterruptSettings }> {
  const result = await loadFlowDirectory(dir);
  if (!result.ok) {
    throw new StartupError('FLOWS_INVALID', `invalid flows:\n${result.diagnostics.map((d) => d.formatted).join('\n')}`);
  }
  return { flows: new Map(result.flows.map((flow) => [flow.id, flow])), settings: result.settings };
}
