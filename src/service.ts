import { hkdfSync } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import { StartupError } from './app/errors.js';
import { handleInbound } from './app/handle-inbound.js';
import type { FlowRegistry } from './app/flow-registry.js';
import type { CaseEventBus, ChannelPort, Clock } from './app/ports.js';
import { loadFlowDirectory, type InterruptSettings } from './engine/index.js';
import { Duration } from 'luxon';
import { addCheckIn } from './app/checkins/staff-check-ins.js';
import { fireSessionTimeout } from './app/session-timeouts.js';
import { queueTimeoutScheduler } from './scheduling/timeout-scheduler.js';
import type { TurnCheckIns } from './app/handle-inbound.js';
import { FieldCipher } from './privacy/field-cipher.js';
import { codeWordHasher, phoneHasher } from './privacy/phone-hash.js';
import { createDatabase, type Database } from './persistence/database.js';
import { ensureDatabase, pingDatabase } from './persistence/ensure-database.js';
import { migrateDatabase } from './persistence/migrate.js';
import { prismaConversationStore, type PrivacyTools } from './persistence/conversation-store.js';
import { prismaOutboxStore } from './persistence/outbox-store.js';
import { createQueues, type PipelineQueues } from './scheduling/queues.js';
import { bullConnection, createRedis } from './scheduling/redis.js';
import { assertRedisReachable } from './scheduling/ping-redis.js';
import { queueChannelEvents } from './scheduling/inbound-sink.js';
import { queueOutboundDispatcher } from './scheduling/outbound-dispatcher.js';
import { inboundProcessor } from './scheduling/inbound-processor.js';
import { outboundProcessor } from './scheduling/outbound-processor.js';
import { startWorkers } from './scheduling/workers.js';
import { redisCaseEventBus } from './scheduling/redis-case-events.js';
import { createChannel, type ChannelFactoryDeps } from './channels/create-channel.js';
import { handleNonTextInbound } from './app/handle-non-text-inbound.js';
import { handleTakeover } from './app/handle-takeover.js';
import { recordDeliveryStatus } from './app/record-delivery-status.js';
import { prismaDeliveryStatusStore } from './persistence/delivery-status-store.js';
import { prismaChannelIdentityStore } from './persistence/channel-identity-store.js';
import { buildServer } from './console/server.js';
import type { ConsoleDeps } from './console/console-deps.js';
import { authorize } from './console/authorize.js';
import { checkInRoutes } from './console/routes/checkins.js';
import { reportRoutes } from './console/routes/reports.js';
import { banavimRoutes } from './console/routes/banavim.js';
import { createReports } from './app/records/reports.js';
import { createBanavim } from './app/records/banavim.js';
import { prismaReportCounts } from './persistence/records/report-counts.js';
import { prismaBanavimStore } from './persistence/records/banavim-store.js';
import { prismaAuditTrail as prismaRecordsAuditTrail } from './persistence/records/audit-trail.js';
import { cancelCheckIns } from './app/checkins/cancel-check-ins.js';
import { prismaConsoleCaseStore } from './persistence/console/console-case-store.js';
import { prismaInboxQueries } from './persistence/console/inbox-queries.js';
import { prismaConversationQueries } from './persistence/console/conversation-queries.js';
import { prismaStaffAccounts, prismaStaffSessions } from './persistence/console/staff-store.js';
import { prismaAuditTrail } from './persistence/console/audit-trail.js';
import { argon2PasswordHasher } from './privacy/password-hasher.js';
import { loadPlan, PlanValidationError } from './app/checkins/load-plan.js';
import type { CheckInDeps } from './app/checkins/deps.js';
import { enrollCase } from './app/checkins/enroll-case.js';
import { mayInitiateNow, postponeCheckIn } from './app/checkins/postpone-check-in.js';
import { fireCheckIn } from './app/checkins/fire-check-in.js';
import { expireCheckIn } from './app/checkins/expire-check-in.js';
import { reconcileCheckIns, type ReconcileReport } from './app/checkins/reconcile.js';
import type { CheckInRow } from './app/checkins/ports.js';
import { prismaCheckInStore } from './persistence/checkin-store.js';
import { queueCheckInScheduler } from './scheduling/checkin-scheduler.js';
import { checkInProcessor } from './scheduling/checkin-processor.js';
import { floodGuarded } from './app/flood-guard.js';
import { redisRateCounter } from './scheduling/redis-rate-counter.js';
import { prismaFloodAlerts } from './persistence/flood-alerts.js';
import type { AppointmentDeps } from './app/appointments/deps.js';
import { appointmentAnswered, fireReminder, scheduleReminders } from './app/appointments/reminders.js';
import { prismaAppointmentStore } from './persistence/appointment-store.js';
import { queueAppointmentScheduler } from './scheduling/appointment-scheduler.js';
import { appointmentRoutes } from './console/routes/appointments.js';
import { calendarRoutes } from './console/routes/calendar-routes.js';
import { prismaCalendarQueries } from './persistence/calendar-queries.js';

/** A running service: every role in one process. */
export interface RunningService {
  server: FastifyInstance;
  db: Database;
  flows: FlowRegistry;
  channel: ChannelPort;
  queues: PipelineQueues;
  events: CaseEventBus;
  /** Check-in operations other parts (import, console, tests) call. */
  checkIns: { enroll(caseId: string): Promise<CheckInRow[]>; reconcile(): Promise<ReconcileReport>; deps: CheckInDeps };
  /** The video-call sessions' use cases' deps (console, tests). */
  appointments: AppointmentDeps;
  /** Drains the workers, closes the server and every connection. */
  close(): Promise<void>;
}

/** The flows of video-call sessions: invitation, reminder a day before, reminder with the link, follow-up after. */
const VIDEO_FLOWS = {
  invitation: 'invitacion-videollamada',
  reminder: 'confirmacion-videollamada',
  link: 'enlace-videollamada',
  followUp: 'seguimiento',
} as const;

/** A number without a case is answered at most once a day. */
const UNKNOWN_REPLY_EVERY_MS = 24 * 3600 * 1000;

/** Sign-in attempts per minute for one address and email. */
const LOGIN_ATTEMPTS_PER_MINUTE = 5;

/**
 * Checks that PostgreSQL and Redis answer (each within a few seconds) and creates the database if it
 * is missing. Call before {@link startService}.
 *
 * @throws StartupError `POSTGRES_UNREACHABLE` or `REDIS_UNREACHABLE` naming the address and the fix.
 */
export async function checkInfrastructure(config: Config, log: Logger): Promise<void> {
  const [postgres, redis] = await Promise.allSettled([ensureDatabase(config.DATABASE_URL), assertRedisReachable(config.REDIS_URL)]);
  if (postgres.status === 'rejected') throw postgres.reason;
  if (redis.status === 'rejected') throw redis.reason;
  if (postgres.value === 'created') log.info('database created');
}

/**
 * Loads and checks the flows, applies migrations, then wires and starts every role: channel gateway, queue
 * workers and HTTP server (not yet listening: the caller decides where).
 *
 * @throws StartupError naming what is wrong (invalid flows, PostgreSQL or Redis unreachable, migration).
 */
export async function startService(
  config: Config,
  options: {
    log: Logger;
    clock: Clock;
    /** Test seams of the channel: a fake whatsapp-web.js client, where QR codes show, who is an admin. */
    channelSeams?: Pick<ChannelFactoryDeps, 'whatsappWebClientFactory' | 'showQr'>;
  },
): Promise<RunningService> {
  const { log, clock } = options;
  const { flows, settings } = await loadFlows(config.FLOWS_DIR);
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
  const connection = bullConnection(config.REDIS_URL);
  const onRedisError = (error: Error) => log.warn({ code: (error as { code?: string }).code }, 'redis connection error');
  const redis = createRedis(config.REDIS_URL, onRedisError);
  const queues = createQueues(connection, config.QUEUE_PREFIX, onRedisError);

  const store = prismaConversationStore(db, privacy);
  const outbox = prismaOutboxStore(db, privacy);
  const dispatcher = queueOutboundDispatcher(queues.outbound);
  const events = redisCaseEventBus(redis, () => createRedis(config.REDIS_URL, onRedisError), config.QUEUE_PREFIX);
  const channelEvents = floodGuarded(queueChannelEvents(queues.inbound, privacy.cipher), {
    counter: redisRateCounter(redis, config.QUEUE_PREFIX),
    alerts: prismaFloodAlerts(db, privacy),
    events,
    log,
    hashPhone: privacy.hashPhone,
    limit: { max: config.FLOOD_MAX_MESSAGES, windowMs: config.FLOOD_WINDOW_SECONDS * 1000 },
  });
  const unknownReply = { text: config.UNKNOWN_NUMBER_REPLY, everyMs: UNKNOWN_REPLY_EVERY_MS };
  const { channel, routes: channelRoutes, adminRoutes: channelAdminRoutes } = await createChannel({
    config,
    redis,
    openRedis: () => createRedis(config.REDIS_URL, onRedisError),
    events: channelEvents,
    identities: prismaChannelIdentityStore(db, privacy),
    hashId: privacy.hashPhone,
    log,
    clock,
    ...options.channelSeams,
  });
  const statuses = prismaDeliveryStatusStore(db);
  const checkInDeps: CheckInDeps = {
    store: prismaCheckInStore(db, privacy),
    scheduler: queueCheckInScheduler(queues.checkins, clock),
    dispatcher,
    events,
    flows,
    clock,
    log,
    plan,
    channel: channel.name,
    policyDefaults: { windows: config.CONTACT_WINDOWS, quiet: config.QUIET_HOURS },
    answerWindowMs: config.CHECKIN_ANSWER_HOURS * 3600 * 1000,
    missedLimit: config.CHECKIN_MISSED_LIMIT,
    timeouts: queueTimeoutScheduler(queues.checkins, clock),
    video: { baseUrl: config.VIDEO_BASE_URL, linkSentWith: config.VIDEO_LINK_SENT },
  };
  const appointmentDeps: AppointmentDeps = {
    store: prismaAppointmentStore(db, privacy),
    scheduler: queueAppointmentScheduler(queues.checkins, clock),
    checkIns: checkInDeps,
    conversations: store,
    events,
    audit: prismaRecordsAuditTrail(db),
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
  /** Re-plans every upcoming session's reminders (deterministic job ids: nothing is added twice). */
  const replanReminders = async () => {
    for (const row of await appointmentDeps.store.upcoming(clock.now())) await scheduleReminders(appointmentDeps, row, { alert: false });
  };
  const answers = { answered: (caseId: string, appointmentId: string) => appointmentAnswered(appointmentDeps, caseId, appointmentId) };
  const turnCheckIns: TurnCheckIns = {
    cancelAll: (caseId, reason) => cancelCheckIns(checkInDeps, caseId, reason),
    requested: (caseId, request, now) =>
      addCheckIn(checkInDeps, {
        caseId,
        flowId: request.flow,
        at: request.at
          ? new Date(request.at)
          : new Date(now.getTime() + (request.after ? Duration.fromISO(request.after).toMillis() : LATER_WITHOUT_TIME_MS)),
        staffId: null,
      }),
  };

  const workers = startWorkers({
    connection,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.WORKER_CONCURRENCY,
    lockMs: config.WORKER_LOCK_SECONDS * 1000,
    log,
    inbound: inboundProcessor(privacy.cipher, {
      inbound: (message) =>
        handleInbound(
          {
            store,
            dispatcher,
            events,
            flows,
            clock,
            log,
            startFlow: config.START_FLOW,
            unknownReply,
            settings,
            hashCodeWord: codeWordHasher(config.PHONE_HASH_KEY),
            checkIns: turnCheckIns,
            timeouts: checkInDeps.timeouts,
            video: checkInDeps.video,
            appointments: answers,
          },
          message,
        ),
      nonText: (message) =>
        handleNonTextInbound({ store, dispatcher, events, clock, log, reply: config.NON_TEXT_REPLY, unknownReply }, message),
      takeover: (event) => handleTakeover({ store, events, clock, log }, event),
      deliveryStatus: (update) => recordDeliveryStatus({ statuses, events }, update),
    }),
    outbound: outboundProcessor({
      outbox,
      channel,
      events,
      clock,
      log,
      guard: {
        mayInitiateNow: (caseId) => mayInitiateNow(checkInDeps, caseId),
        postpone: (checkInId) => postponeCheckIn(checkInDeps, checkInId),
      },
    }),
    checkins: checkInProcessor({
      fire: (id) => fireCheckIn(checkInDeps, id),
      expire: (id) => expireCheckIn(checkInDeps, id),
      reconcile: async () => {
        const report = await reconcileCheckIns(checkInDeps);
        await replanReminders();
        return report;
      },
      timeout: (timeout) =>
        fireSessionTimeout(
          {
            store,
            dispatcher,
            events,
            flows,
            clock,
            log,
            channel: channel.name,
            timeouts: checkInDeps.timeouts,
            checkIns: turnCheckIns,
            policyDefaults: checkInDeps.policyDefaults,
            recipientOf: (caseId) => checkInDeps.store.contactState(caseId).catch(() => null),
            video: checkInDeps.video,
            appointments: answers,
          },
          { ...timeout, at: clock.now() },
        ),
      reminder: (job) => fireReminder(appointmentDeps, job.appointmentId, job.reminder, Date.parse(job.startsAt)),
    }),
  });
  await reconcileCheckIns(checkInDeps);
  // Reminders are re-planned at start too (deterministic job ids: nothing is added twice).
  await replanReminders();
  await queues.checkins.upsertJobScheduler(
    'reconcile',
    { every: config.RECONCILE_EVERY_SECONDS * 1000 },
    { name: 'reconcile', data: { kind: 'reconcile' } },
  );

  const server = await buildServer({
    log,
    health: {
      database: () => pingDatabase(config.DATABASE_URL),
      redis: () => withTimeout(redis.ping().then((r) => r === 'PONG'), 1_500),
      channel: () => channel.health(),
      workers: () => workers.running(),
    },
    ...(channelRoutes ? { channelRoutes } : {}),
    console: {
      ...consoleDeps(config, { db, privacy, events, dispatcher, flows, clock, channel }),
      checkIns: { cancelAll: (caseId, reason) => cancelCheckIns(checkInDeps, caseId, reason) },
      extraRoutes: async (app) => {
        await app.register(checkInRoutes, {
          checkIns: checkInDeps,
          authorize: authorize(['coordinator']),
          staffIdOf: (request) => request.staff?.id ?? null,
        });
        await app.register(appointmentRoutes, {
          appointments: appointmentDeps,
          coordinators: authorize(['coordinator']),
          closers: authorize(['psychologist', 'coordinator']),
        });
        await app.register(calendarRoutes, { appointments: appointmentDeps, queries: prismaCalendarQueries(db) });
        await app.register(reportRoutes, {
          reports: createReports({ counts: prismaReportCounts(db), audit: prismaRecordsAuditTrail(db) }),
          authorize: authorize(['coordinator', 'admin']),
          clock,
        });
        await app.register(banavimRoutes, {
          banavim: createBanavim({ store: prismaBanavimStore(db, privacy), audit: prismaRecordsAuditTrail(db), clock }),
          authorize: authorize(['coordinator']),
          clock,
        });
        if (channelAdminRoutes) await channelAdminRoutes(app, authorize(['admin']));
      },
    },
  });
  await channel.start?.(channelEvents);

  return {
    server,
    db,
    flows,
    channel,
    queues,
    events,
    checkIns: {
      enroll: (caseId) => enrollCase(checkInDeps, caseId),
      reconcile: () => reconcileCheckIns(checkInDeps),
      deps: checkInDeps,
    },
    appointments: appointmentDeps,
    async close() {
      await server.close();
      await workers.close();
      await channel.close();
      await queues.close();
      redis.disconnect();
      await db.$disconnect();
    },
  };
}

/** The staff console's ports, implemented over PostgreSQL and the pipeline's queue and event bus. */
function consoleDeps(
  config: Config,
  parts: {
    db: Database;
    privacy: PrivacyTools;
    events: CaseEventBus;
    dispatcher: ConsoleDeps['dispatcher'];
    flows: FlowRegistry;
    clock: Clock;
    channel: ChannelPort;
  },
): Omit<ConsoleDeps, 'checkIns' | 'extraRoutes'> {
  const { db, privacy } = parts;
  return {
    cases: prismaConsoleCaseStore(db, privacy),
    inbox: prismaInboxQueries(db),
    conversations: prismaConversationQueries(db, privacy),
    staff: prismaStaffAccounts(db),
    sessions: prismaStaffSessions(db),
    audit: prismaAuditTrail(db),
    hasher: argon2PasswordHasher(),
    events: parts.events,
    dispatcher: parts.dispatcher,
    flows: parts.flows,
    clock: parts.clock,
    channel: parts.channel.name,
    settings: {
      secureCookies: config.CONSOLE_SECURE_COOKIES,
      session: {
        idleMs: config.CONSOLE_SESSION_IDLE_MINUTES * 60_000,
        absoluteMs: config.CONSOLE_SESSION_MAX_HOURS * 3_600_000,
      },
      // A key of its own for CSRF tokens, derived from a secret production already requires.
      csrfKey: Buffer.from(hkdfSync('sha256', config.PHONE_HASH_KEY, Buffer.alloc(0), 'acompana/console/csrf', 32)),
      loginAttemptsPerMinute: LOGIN_ATTEMPTS_PER_MINUTE,
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

/** The time a check-in she asked for without saying when ("más tarde") is moved by, at least. */
const LATER_WITHOUT_TIME_MS = 4 * 3600 * 1000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
