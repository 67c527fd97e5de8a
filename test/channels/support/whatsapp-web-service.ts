import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PHONE, seedDemo } from '../../../src/demo/seed-demo.js';
import { FieldCipher } from '../../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../../src/privacy/phone-hash.js';
import { eventually, startTestService, type TestService } from '../../support/test-service.js';
import { FakeWhatsApp } from './fake-whatsapp.js';

/** The whole service on `CHANNEL=whatsapp-web`, its client a {@link FakeWhatsApp}. */
export interface WhatsAppWebService {
  t: TestService;
  world: FakeWhatsApp;
  /** Stops the service and removes its session folder. */
  stop(): Promise<void>;
}

/**
 * Starts the service on whatsapp-web with a fake client (the demo number registered on it), no
 * pacing gaps or typing, its own session folder; `env` adds or overrides settings, `world` is the fake
 * WhatsApp to use (a new, linked one unless given).
 */
export async function startWhatsAppWebService(env: Record<string, string> = {}, world = new FakeWhatsApp()): Promise<WhatsAppWebService> {
  world.registered.add(DEMO_PHONE.slice(1));
  const sessionDir = await mkdtemp(join(tmpdir(), 'acompana-wa-service-'));
  const t = await startTestService({
    env: {
      CHANNEL: 'whatsapp-web',
      WA_SESSION_DIR: sessionDir,
      WA_MIN_GAP_MS: '0',
      WA_MAX_GAP_MS: '5',
      WA_TYPING_MS: '0',
      WA_STARTUP_DEADLINE_MS: '3000',
      ...env,
    },
    channelSeams: { whatsappWebClientFactory: world.factory, showQr: () => undefined },
  });
  return {
    t,
    world,
    async stop() {
      await t.stop();
      await rm(sessionDir, { recursive: true, force: true });
    },
  };
}

/**
 * {@link startWhatsAppWebService} with the demo case seeded (her number, {@link DEMO_PHONE}, is the
 * one registered on the fake) and the channel ready: what a test in which she writes needs first.
 */
export async function startReadyDemoService(env: Record<string, string> = {}): Promise<WhatsAppWebService> {
  const service = await startWhatsAppWebService(env);
  const { t } = service;
  try {
    await seedDemo(t.service.db, { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) });
    await eventually(async () => (t.service.channel!.health().state === 'ready' ? true : undefined), 10_000, 'the channel ready');
  } catch (error) {
    await service.stop();
    throw error;
  }
  return service;
}
