import type { FastifyInstance } from 'fastify';
import type { ChannelEvents, ChannelPort, ClaimedOutbound } from '../app/ports.js';
import { floodGuarded } from '../app/flood-guard.js';
import { mayInitiateUntil, postponeCheckIn } from '../app/checkins/postpone-check-in.js';
import { createChannel, type ChannelFactoryDeps } from '../channels/create-channel.js';
import { prismaChannelIdentityStore } from '../persistence/channel-identity-store.js';
import { prismaFloodAlerts } from '../persistence/flood-alerts.js';
import { phoneHasher } from '../privacy/phone-hash.js';
import { queueChannelEvents } from '../scheduling/inbound-sink.js';
import { outboundProcessor } from '../scheduling/outbound-processor.js';
import { sendOutbound, type SendOutboundDeps, type SendOutcome } from '../app/send-outbound.js';
import { redisRateCounter } from '../scheduling/redis-rate-counter.js';
import { handleDeliveryFailure } from '../app/delivery-failures/handle-delivery-failure.js';
import type { Core } from './core.js';
import type { AppointmentDeps } from '../app/appointments/deps.js';
import { reminderHeldBack } from '../app/appointments/reminders.js';
import type { CheckInDeps } from '../app/checkins/deps.js';
import type { DeliveryFailureDeps } from '../app/delivery-failures/handle-delivery-failure.js';
import { sqlOutboxStore } from '../persistence/sql-outbox-store.js';
import type { ProcessorsOf } from './queue-owners.js';

/** Test seams of the channel: a fake whatsapp-web.js client, where QR codes show. */
export type ChannelSeams = Pick<ChannelFactoryDeps, 'whatsappWebClientFactory' | 'showQr'>;

/** The gateway role: the channel, where what arrives is queued, and the sending of what is queued. */
export interface Gateway {
  channel: ChannelPort;
  /** Where what the channel receives goes: the inbound queue, behind the per-number flood guard. */
  channelEvents: ChannelEvents;
  /** The channel's public HTTP routes (the simulator's API and page, a webhook), when it has any. */
  routes?: (app: FastifyInstance) => Promise<void>;
  processors: ProcessorsOf<'gateway'>;
  /**
   * Sends outbound contacts at once, as the outbound queue would; only when the channel is not paced.
   * A worker role in the same process sends a turn's replies with it, without a queue hop.
   */
  sendNow?: (contactIds: readonly string[], written?: readonly ClaimedOutbound[]) => Promise<SendOutcome>;
}

/** What the gateway uses besides the core: check-ins (her safe hours before a send) and delivery failures. */
export interface GatewayDeps {
  checkIns: CheckInDeps;
  /** Video-call sessions: a reminder held back at send time tells a person. */
  appointments: AppointmentDeps;
  deliveryFailures: DeliveryFailureDeps;
}

/**
 * Builds the gateway: the configured channel, fed into the inbound queue, and the outbound processor
 * (only the process that holds the channel can send). Nothing connects until the service starts it.
 */
export async function wireGateway(core: Core, deps: GatewayDeps, seams: ChannelSeams = {}): Promise<Gateway> {
  const { config, db, privacy, redis, log, clock, events } = core;
  const channelEvents = floodGuarded(queueChannelEvents(core.queues.inbound, privacy.cipher), {
    counter: redisRateCounter(redis, config.QUEUE_PREFIX),
    alerts: prismaFloodAlerts(db, privacy),
    events,
    log,
    hashPhone: privacy.hashPhone,
    limit: { max: config.FLOOD_MAX_MESSAGES, windowMs: config.FLOOD_WINDOW_SECONDS * 1000 },
  });
  const { channel, routes, paced, pacer } = await createChannel({
    config,
    redis,
    openRedis: core.openRedis,
    events: channelEvents,
    identities: prismaChannelIdentityStore(db, privacy),
    hashId: phoneHasher(config.PHONE_HASH_KEY),
    log,
    clock,
    ...seams,
  });
  const sending: SendOutboundDeps = {
    outbox: sqlOutboxStore(db, privacy),
    channel,
    events,
    clock,
    log,
    guard: {
      mayInitiateUntil: (caseId) => mayInitiateUntil(deps.checkIns, caseId),
      postpone: (checkInId) => postponeCheckIn(deps.checkIns, checkInId),
      heldBack: (contactId) => reminderHeldBack(deps.appointments, contactId),
    },
    onFailed: (contactId) => handleDeliveryFailure(deps.deliveryFailures, contactId),
    ...(pacer ? { pacer } : {}),
  };
  return {
    channel,
    channelEvents,
    ...(routes ? { routes } : {}),
    processors: { outbound: outboundProcessor(sending, { giveUpAfterMs: config.SEND_RETRY_SECONDS * 1000 }) },
    ...(paced ? {} : { sendNow: (contactIds: readonly string[], written?: readonly ClaimedOutbound[]) => sendOutbound(sending, contactIds, written) }),
  };
}
