import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { whatsappWebChannel, type WhatsAppWebChannel, type WhatsAppWebSettings } from '../../../src/channels/whatsapp-web/whatsapp-web-channel.js';
import { capturedLog } from '../../support/captured-log.js';
import { createTestRedis, type TestRedis } from '../../support/test-redis.js';
import { FakeWhatsApp } from './fake-whatsapp.js';
import { MemoryIdentities, RecordingEvents } from './recording-events.js';

/** A whatsapp-web gateway on a fake WhatsApp, its own Redis prefix and session folder, log captured. */
export interface GatewayUnderTest {
  channel: WhatsAppWebChannel;
  world: FakeWhatsApp;
  events: RecordingEvents;
  identities: MemoryIdentities;
  redis: Redis;
  testRedis: TestRedis;
  profileDir: string;
  qrShown: string[];
  logText(): string;
  /** Closes the gateway; `cleanup` also removes the Redis keys and the folder. */
  close(): Promise<void>;
  cleanup(): Promise<void>;
}

/** Fast settings for tests: no gaps or typing to speak of, short deadlines. */
export const FAST_SETTINGS: Omit<WhatsAppWebSettings, 'profileDir'> = {
  startupDeadlineMs: 2_000,
  restartMaxDelayMs: 200,
  maxRestarts: 3,
  leaseTtlMs: 3_000,
  leaseRetryMs: 100,
  minGapMs: 0,
  maxGapMs: 5,
  dailyCap: 1_000,
  typingMs: 0,
};

/** Builds a gateway; pass `share` to put a second one on the same Redis prefix and session. */
export async function buildGateway(
  options: { settings?: Partial<WhatsAppWebSettings>; world?: FakeWhatsApp; share?: GatewayUnderTest; sleep?: (ms: number) => Promise<void>; now?: () => Date } = {},
): Promise<GatewayUnderTest> {
  const testRedis = options.share?.testRedis ?? createTestRedis();
  const redis = new Redis(testRedis.url, { maxRetriesPerRequest: null });
  const profileDir = options.share?.profileDir ?? (await mkdtemp(join(tmpdir(), 'acompana-wa-')));
  const world = options.world ?? new FakeWhatsApp();
  const events = new RecordingEvents();
  const identities = new MemoryIdentities();
  const qrShown: string[] = [];
  const captured = capturedLog('debug');
  const log = captured.log;
  const channel = whatsappWebChannel({
    redis,
    prefix: `${testRedis.prefix}:wa:test`,
    clientFactory: world.factory,
    identities,
    log,
    settings: { ...FAST_SETTINGS, profileDir, ...options.settings },
    showQr: (qr) => qrShown.push(qr),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await channel.close();
  };
  return {
    channel,
    world,
    events,
    identities,
    redis,
    testRedis,
    profileDir,
    qrShown,
    logText: captured.text,
    close,
    async cleanup() {
      await close();
      redis.disconnect();
      if (!options.share) {
        await testRedis.clean();
        await rm(profileDir, { recursive: true, force: true });
      }
    },
  };
}
