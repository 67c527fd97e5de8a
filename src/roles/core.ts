import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import type { ConnectionOptions } from 'bullmq';
import type { Config } from '../config/schema.js';
import { StartupError } from '../app/errors.js';
import type { FlowRegistry } from '../app/flow-registry.js';
import type { CaseEventBus, Clock, ContactChannel, OutboundDispatcher } from '../app/ports.js';
import { loadFlowDirectory, openingsWithoutTemplate, type InterruptSettings } from '../engine/index.js';
import { loadPlan, PlanValidationError } from '../app/checkins/load-plan.js';
import type { CheckInPlan } from '../app/checkins/plan.js';
import { FieldCipher } from '../privacy/field-cipher.js';
import { phoneHasher } from '../privacy/phone-hash.js';
import { createDatabase, type Database } from '../persistence/database.js';
import { migrateDatabase } from '../persistence/migrate.js';
import { refreshPlannerStatistics } from '../persistence/planner-statistics.js';
import type { PrivacyTools } from '../persistence/conversation-store.js';
import { createQueues, type PipelineQueues } from '../scheduling/queues.js';
import { bullConnection, createRedis } from '../scheduling/redis.js';
import { queueOutboundDispatcher } from '../scheduling/outbound-dispatcher.js';
import { redisCaseEventBus } from '../scheduling/redis-case-events.js';
import { contactChannelOf } from '../channels/create-channel.js';
import { VIDEO_FLOWS } from './follow-up-settings.js';

/**
 * What every role of a process shares: the configuration, the flows and the check-in plan (checked at
 * start), PostgreSQL, Redis, the queues, the event bus. Each use case's dependencies are built from it
 * by a builder of its own (`checkin-wiring.ts`, `appointment-wiring.ts`, `delivery-failure-wiring.ts`),
 * and each role takes only those it uses.
 */
export interface Core {
  config: Config;
  log: Logger;
  clock: Clock;
  flows: FlowRegistry;
  settings: InterruptSettings;
  /** The check-in plan (`CHECKIN_PLAN`), checked against the flows. */
  plan: CheckInPlan;
  privacy: PrivacyTools;
  db: Database;
  /** A shared Redis connection, and the means to open a dedicated one (subscribers). */
  redis: Redis;
  openRedis: () => Redis;
  /** What BullMQ workers connect with (each worker opens its own connections). */
  connection: ConnectionOptions;
  queues: PipelineQueues;
  events: CaseEventBus;
  /** Queues contacts for sending (the `outbound` queue). */
  dispatcher: OutboundDispatcher;
  /** The channel contacts are recorded on (whichever process owns it). */
  channelName: ContactChannel;
  /** Closes the queues and every connection of the core. */
  close(): Promise<void>;
}

/**
 * Loads and checks the flows and the check-in plan, applies migrations, and opens what every role
 * shares. Nothing is consumed yet: the roles start their workers and routes.
 *
 * @throws StartupError naming what is wrong (invalid flows or plan, migration).
 */
export async function openCore(config: Config, log: Logger, clock: Clock): Promise<Core> {
  const { flows, settings } = await loadFlows(config.FLOWS_DIR);
  checkFixedReplies(config, settings);
  if (config.CHANNEL === 'cloud-api') {
    // WhatsApp refuses free text outside her 24-hour window: a conversation the service opens needs a template.
    const finding = [...flows.values()].flatMap((flow) => openingsWithoutTemplate(flow.definition))[0];
    // Flow authors read this one: in their Spanish, like acompana flows validate.
    if (finding) {
      throw new StartupError(
        'FLOWS_INVALID',
        `CHANNEL=cloud-api: flujo ${finding.flowId}: ${finding.message.es} (revísalo con acompana flows validate --channel cloud-api)`,
      );
    }
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
    // The error's name and PostgreSQL code only, as everywhere a log line could meet a database error.
    (error: unknown) => log.warn({ err: { name: (error as Error).name, code: (error as { code?: string }).code } }, 'planner statistics not refreshed'),
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
  return {
    config,
    log,
    clock,
    flows,
    settings,
    plan,
    privacy,
    db,
    redis,
    openRedis,
    connection,
    queues,
    events,
    dispatcher,
    channelName,
    async close() {
      await queues.close();
      redis.disconnect();
      await db.$disconnect();
    },
  };
}

/**
 * The replies the service sends in its own words (not a flow's) pass the deny-list of the flows'
 * settings, as every flow text does: whoever holds her phone reads them on its lock screen.
 */
function checkFixedReplies(config: Config, settings: InterruptSettings): void {
  for (const name of ['UNKNOWN_NUMBER_REPLY', 'NON_TEXT_REPLY', 'NON_TEXT_REPLY_AFTER_HOURS'] as const) {
    const [denied] = settings.denyList.find(config[name]);
    if (denied) {
      throw new StartupError(
        'CONFIG_INVALID',
        `${name}: "${denied.found}" está en la lista de palabras prohibidas ("${denied.word}" en deny_words de ajustes.yaml): quien tenga su teléfono lee esta respuesta`,
      );
    }
  }
}

async function loadFlows(dir: string): Promise<{ flows: FlowRegistry; settings: InterruptSettings }> {
  const result = await loadFlowDirectory(dir);
  if (!result.ok) {
    // Each problem in the flow authors' Spanish (`formatted`), as acompana flows validate prints it.
    const problems = result.diagnostics.map((d) => d.formatted).join('\n');
    throw new StartupError('FLOWS_INVALID', `los flujos tienen errores (invalid flows); revísalos con acompana flows validate:\n${problems}`);
  }
  return { flows: new Map(result.flows.map((flow) => [flow.id, flow])), settings: result.settings };
}
