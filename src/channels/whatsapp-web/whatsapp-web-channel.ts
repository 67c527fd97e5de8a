import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelEvents, ChannelHealth, ChannelIdentityStore, ChannelPort } from '../../app/ports.js';
import { SeenOnce } from '../shared/seen-once.js';
import { SentRecord } from '../shared/sent-record.js';
import type { WaClientFactory } from './client.js';
import { InboundRelay } from './inbound-relay.js';
import { LinkStateStore } from './link-state.js';
import { OwnMessages } from './own-messages.js';
import { Pacer } from './pacer.js';
import { PeerResolver } from './peer-resolver.js';
import { Sender } from './sender.js';
import { SessionLease } from './session-lease.js';
import { ClientSupervisor } from './supervisor.js';

/** The gateway's settings (from `WA_*` and `CHROMIUM_PATH`, see docs/configuration.md). */
export interface WhatsAppWebSettings {
  /** Chromium's profile folder of the session: `<WA_SESSION_DIR>/session-<WA_CLIENT_ID>`, absolute. */
  profileDir: string;
  startupDeadlineMs: number;
  restartMaxDelayMs: number;
  maxRestarts: number;
  leaseTtlMs: number;
  leaseRetryMs?: number;
  /** How long `destroy()` may take before the browser is killed (10 s unless set). */
  destroyTimeoutMs?: number;
  minGapMs: number;
  maxGapMs: number;
  dailyCap: number;
  /** `MEDIA_MAX_BYTES`: the largest file kept (16 MB when absent). */
  mediaMaxBytes?: number;
  /** When sends held by the daily cap resume the next day, `HH:MM` in Cancún. */
  dailyCapResumeAt?: string;
  typingMs: number;
  /** How long a send refused while not ready waits before its next try (30 s unless set). */
  notReadyRetryMs?: number;
}

/** What the gateway is built from. */
export interface WhatsAppWebDeps {
  redis: Redis;
  /** Prefix of the gateway's Redis keys, one per session: `<QUEUE_PREFIX>:wa:<WA_CLIENT_ID>`. */
  prefix: string;
  clientFactory: WaClientFactory;
  identities: ChannelIdentityStore;
  log: Logger;
  settings: WhatsAppWebSettings;
  /** Shows a new QR code to whoever runs the service (the terminal); the console reads {@link WhatsAppWebChannel.link}. */
  showQr?: (qr: string) => void;
  random?: () => number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/** The whatsapp-web.js channel, with the link status the admins' page reads. */
export interface WhatsAppWebChannel extends ChannelPort {
  readonly link: LinkStateStore;
  start(events: ChannelEvents): Promise<void>;
}

/**
 * The whatsapp-web.js gateway (`CHANNEL=whatsapp-web`) behind the channel port: a supervised client
 * on a leased session (see {@link ClientSupervisor}), an inbound relay (see {@link InboundRelay}) and a
 * paced, idempotent sender (see {@link Sender}). `start(events)` begins connecting; `health()` says
 * where it stands; `close()` stops the client and gives the session up.
 */
export function whatsappWebChannel(deps: WhatsAppWebDeps): WhatsAppWebChannel {
  const { redis, prefix, log, settings } = deps;
  const link = new LinkStateStore(redis, prefix);
  const own = new OwnMessages();
  const lease = new SessionLease(redis, `${prefix}:lease`, `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, settings.leaseTtlMs, () =>
    supervisor.leaseLost(),
  );
  let relay: InboundRelay | null = null;
  const supervisor: ClientSupervisor = new ClientSupervisor({
    factory: deps.clientFactory,
    lease,
    profileDir: settings.profileDir,
    startupDeadlineMs: settings.startupDeadlineMs,
    restartMaxDelayMs: settings.restartMaxDelayMs,
    maxRestarts: settings.maxRestarts,
    ...(settings.leaseRetryMs === undefined ? {} : { leaseRetryMs: settings.leaseRetryMs }),
    ...(settings.destroyTimeoutMs === undefined ? {} : { destroyTimeoutMs: settings.destroyTimeoutMs }),
    log,
    ...(deps.random ? { random: deps.random } : {}),
    attach: (client) => relay?.attach(client),
    onReady: (client) => void relay?.catchUp(client),
    onStatus: (health, qr) => {
      if (qr) {
        log.info('WhatsApp needs a phone linked: the QR code is on the admins\' page and the terminal');
        deps.showQr?.(qr);
      }
      link.publish({ ...health, qr, updatedAt: new Date().toISOString() }).catch(() => undefined);
    },
  });
  const pacer = new Pacer(redis, prefix, {
    minGapMs: settings.minGapMs,
    maxGapMs: settings.maxGapMs,
    dailyCap: settings.dailyCap,
    ...(settings.dailyCapResumeAt ? { resumeAt: settings.dailyCapResumeAt } : {}),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.random ? { random: deps.random } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  const sender = new Sender({
    supervisor,
    pacer,
    sent: new SentRecord(redis, prefix),
    own,
    log,
    typingMs: settings.typingMs,
    ...(settings.notReadyRetryMs !== undefined ? { notReadyRetryMs: settings.notReadyRetryMs } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  let started = false;

  return {
    name: 'whatsapp_web',
    link,
    send: (message) => sender.send(message),
    health(): ChannelHealth {
      return started ? supervisor.health() : { state: 'disconnected', detail: 'not_started' };
    },
    async start(events: ChannelEvents) {
      if (started) throw new Error('the WhatsApp gateway is already started');
      started = true;
      relay = new InboundRelay({
        events,
        resolver: new PeerResolver(deps.identities, log),
        own,
        seen: new SeenOnce(redis, prefix),
        log,
        ...(settings.mediaMaxBytes === undefined ? {} : { mediaMaxBytes: settings.mediaMaxBytes }),
      });
      supervisor.start();
    },
    async close() {
      if (started) await supervisor.stop();
    },
  };
}
