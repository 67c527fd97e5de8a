import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance, preHandlerHookHandler } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelName, Config } from '../config/schema.js';
import { StartupError } from '../app/errors.js';
import type { ChannelEvents, ChannelIdentityStore, ChannelPort, Clock, ContactChannel, SendPacer } from '../app/ports.js';
import { SeenOnce } from './shared/seen-once.js';
import { SentRecord } from './shared/sent-record.js';
import { redisSendPacer } from './shared/redis-send-pacer.js';
import { SimulatorPhone } from './simulator/simulator-phone.js';
import { simulatorChannel } from './simulator/simulator-channel.js';
import { simulatorRoutes } from './simulator/routes.js';
import type { WaClientFactory } from './whatsapp-web/client.js';
import { realClientFactory } from './whatsapp-web/create-client.js';
import { LinkStateStore, printQrToTerminal } from './whatsapp-web/link-state.js';
import { whatsappWebRoutes } from './whatsapp-web/routes.js';
import { whatsappWebChannel } from './whatsapp-web/whatsapp-web-channel.js';
import { cloudApiChannel } from './cloud-api/cloud-api-channel.js';
import { ConversationWindow } from './cloud-api/conversation-window.js';
import { graphApi } from './cloud-api/graph-api.js';
import { cloudApiRoutes } from './cloud-api/routes.js';
import { cloudMediaDownloader } from './cloud-api/media-download.js';

/** What any channel may need; each takes its part. */
export interface ChannelFactoryDeps {
  config: Config;
  /** A shared Redis connection (owned by the caller). */
  redis: Redis;
  /** Opens a dedicated Redis connection (the simulator's live page subscribes on one). */
  openRedis: () => Redis;
  /** Where webhooks and the simulator hand over what arrives (the gateway gets them in `start`). */
  events: ChannelEvents;
  identities: ChannelIdentityStore;
  /** Keyed hash (PHONE_HASH_KEY) for ids that must not be stored or used as keys in clear. */
  hashId: (value: string) => string;
  log: Logger;
  clock: Clock;
  /** Test seam: the whatsapp-web.js client to build instead of the real one (no browser). */
  whatsappWebClientFactory?: WaClientFactory;
  /** Test seam: where a new QR code is shown instead of the terminal. */
  showQr?: (qr: string) => void;
}

/** A built channel and the HTTP routes it brings. */
export interface BuiltChannel {
  channel: ChannelPort;
  /**
   * Whether sends are spaced out (whatsapp-web.js paces them seconds apart): such a channel sends only
   * from the outbound queue, never in the job that wrote the message, which would hold that job up.
   */
  paced: boolean;
  /**
   * Spaces every send out to the channel's rate per sending number, across processes (the Cloud API);
   * taken before her safe hours are checked, so a send paced past them is held back, not sent late.
   */
  pacer?: SendPacer;
  /** Public routes: the simulator's API and page, a webhook (each checks what it must itself). */
  routes?: (app: FastifyInstance) => Promise<void>;
}

/** Console routes of a channel for admins, registered behind `guard`. */
export type ChannelAdminRoutes = (app: FastifyInstance, guard: preHandlerHookHandler) => Promise<void>;

/** The name contacts record for the channel `CHANNEL` names. */
export function contactChannelOf(name: ChannelName): ContactChannel {
  return CONTACT_CHANNELS[name];
}

const CONTACT_CHANNELS: Record<ChannelName, ContactChannel> = {
  simulator: 'simulator',
  'whatsapp-web': 'whatsapp_web',
  'cloud-api': 'cloud_api',
};

/** Where the whatsapp-web.js gateway keeps its state in Redis (its lease, its link status). */
function whatsappWebPrefix(config: Config): string {
  return `${config.QUEUE_PREFIX}:wa:${config.WA_CLIENT_ID}`;
}

/**
 * The channel's pages for admins (the whatsapp-web.js phone-linking page), served by the console. They
 * read what the gateway published in Redis, so a console in another process than the gateway serves them.
 */
export function channelAdminRoutes(config: Config, redis: Redis): ChannelAdminRoutes | undefined {
  if (config.CHANNEL !== 'whatsapp-web') return undefined;
  const link = new LinkStateStore(redis, whatsappWebPrefix(config));
  return async (app, guard) => {
    await app.register(whatsappWebRoutes, { link, guard });
  };
}

/**
 * Builds the channel `CHANNEL` names: `simulator`, `whatsapp-web` (whatsapp-web.js on the system's
 * Chromium) or `cloud-api` (WhatsApp Business Platform). Nothing connects until the service calls
 * `channel.start(events)` (whatsapp-web) or the server listens (webhooks).
 */
export async function createChannel(deps: ChannelFactoryDeps): Promise<BuiltChannel> {
  const { config, redis, log } = deps;
  switch (config.CHANNEL) {
    case 'simulator': {
      const phone = new SimulatorPhone(redis, config.QUEUE_PREFIX);
      return {
        channel: simulatorChannel(phone, deps.clock, () => redis.status === 'ready'),
        paced: false,
        routes: async (app) => {
          await app.register(simulatorRoutes, {
            events: deps.events,
            seen: new SeenOnce(redis, `${config.QUEUE_PREFIX}:sim`),
            phone,
            clock: deps.clock,
            subscriber: deps.openRedis,
            mediaMaxBytes: config.MEDIA_MAX_BYTES,
          });
        },
      };
    }
    case 'whatsapp-web': {
      const sessionDir = resolve(config.WA_SESSION_DIR);
      await mkdir(sessionDir, { recursive: true, mode: 0o700 });
      const clientFactory =
        deps.whatsappWebClientFactory ??
        (await realClientFactory({ chromiumPath: config.CHROMIUM_PATH, sessionDir, clientId: config.WA_CLIENT_ID }));
      const channel = whatsappWebChannel({
        redis,
        prefix: whatsappWebPrefix(config),
        clientFactory,
        identities: deps.identities,
        log: log.child({ channel: 'whatsapp_web' }),
        showQr: deps.showQr ?? ((qr) => void printQrToTerminal(qr).catch(() => undefined)),
        settings: {
          profileDir: join(sessionDir, `session-${config.WA_CLIENT_ID}`),
          startupDeadlineMs: config.WA_STARTUP_DEADLINE_MS,
          restartMaxDelayMs: config.WA_RESTART_MAX_DELAY_MS,
          maxRestarts: config.WA_MAX_RESTARTS,
          leaseTtlMs: config.WA_LEASE_TTL_MS,
          minGapMs: config.WA_MIN_GAP_MS,
          maxGapMs: config.WA_MAX_GAP_MS,
          dailyCap: config.WA_DAILY_CAP,
          mediaMaxBytes: config.MEDIA_MAX_BYTES,
          dailyCapResumeAt: config.QUIET_HOURS?.to ?? '00:00',
          typingMs: config.WA_TYPING_MS,
          notReadyRetryMs: config.WA_NOT_READY_RETRY_MS,
        },
      });
      return { channel, paced: true };
    }
    case 'cloud-api': {
      const credentials = cloudCredentials(config);
      const prefix = `${config.QUEUE_PREFIX}:cloud`;
      const window = new ConversationWindow(redis, prefix, deps.hashId);
      const messageKey = (wamid: string) => `wamid:${deps.hashId(`cloud_api:${wamid}`).slice(0, 48)}`;
      const channelLog = log.child({ channel: 'cloud_api' });
      const channel = cloudApiChannel({
        api: graphApi({
          baseUrl: config.CLOUD_API_BASE_URL,
          phoneNumberId: credentials.phoneNumberId,
          token: credentials.token,
          timeoutMs: config.CLOUD_API_TIMEOUT_MS,
        }),
        window,
        sent: new SentRecord(redis, prefix),
        messageKey,
        templateLanguages: config.CLOUD_API_TEMPLATE_LANGUAGES,
        log: channelLog,
      });
      return {
        channel,
        paced: false,
        pacer: redisSendPacer(redis, `${prefix}:pace:${credentials.phoneNumberId}`, config.CLOUD_API_MESSAGES_PER_SECOND),
        routes: async (app) => {
          await app.register(cloudApiRoutes, {
            events: deps.events,
            window,
            seen: new SeenOnce(redis, prefix),
            messageKey,
            phoneNumberId: credentials.phoneNumberId,
            appSecret: credentials.appSecret,
            verifyToken: credentials.verifyToken,
            log: channelLog,
            downloadMedia: cloudMediaDownloader({
              baseUrl: config.CLOUD_API_BASE_URL,
              token: credentials.token,
              timeoutMs: config.CLOUD_API_TIMEOUT_MS,
              maxBytes: config.MEDIA_MAX_BYTES,
            }),
          });
        },
      };
    }
  }
}

/** The Cloud API credentials, which the config schema requires with `CHANNEL=cloud-api`. */
function cloudCredentials(config: Config): { phoneNumberId: string; token: string; appSecret: string; verifyToken: string } {
  const { CLOUD_API_PHONE_NUMBER_ID: phoneNumberId, CLOUD_API_TOKEN: token, CLOUD_API_APP_SECRET: appSecret, CLOUD_API_VERIFY_TOKEN: verifyToken } = config;
  if (!phoneNumberId || !token || !appSecret || !verifyToken) {
    throw new StartupError('CONFIG_INVALID', 'CHANNEL=cloud-api needs CLOUD_API_PHONE_NUMBER_ID, CLOUD_API_TOKEN, CLOUD_API_APP_SECRET and CLOUD_API_VERIFY_TOKEN');
  }
  return { phoneNumberId, token, appSecret, verifyToken };
}
