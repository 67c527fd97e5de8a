import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createHmac } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import type { ChannelPort } from '../../../src/app/ports.js';
import { cloudApiChannel } from '../../../src/channels/cloud-api/cloud-api-channel.js';
import { ConversationWindow } from '../../../src/channels/cloud-api/conversation-window.js';
import { graphApi } from '../../../src/channels/cloud-api/graph-api.js';
import { cloudApiRoutes } from '../../../src/channels/cloud-api/routes.js';
import { signatureOf } from '../../../src/channels/cloud-api/webhook-signature.js';
import { SeenOnce } from '../../../src/channels/shared/seen-once.js';
import { SentRecord } from '../../../src/channels/shared/sent-record.js';
import { capturedLog } from '../../support/captured-log.js';
import { createTestRedis, type TestRedis } from '../../support/test-redis.js';
import { FakeGraphApi } from './fake-graph-api.js';
import { RecordingEvents } from './recording-events.js';

export { PHONE_NUMBER_ID, webhookBody } from './webhook-body.js';
import { PHONE_NUMBER_ID } from './webhook-body.js';
export const APP_SECRET = 'app-secret-for-tests';
export const VERIFY_TOKEN = 'verify-token-for-tests';
export const TOKEN = 'EAAG-token-for-tests';
const HASH_KEY = Buffer.alloc(32, 7);

/** A Cloud API channel on a fake Graph API, with its webhook on a Fastify app, its own Redis prefix. */
export interface CloudUnderTest {
  channel: ChannelPort;
  graph: FakeGraphApi;
  app: FastifyInstance;
  events: RecordingEvents;
  window: ConversationWindow;
  testRedis: TestRedis;
  messageKey(wamid: string): string;
  /** POSTs a webhook body, signed with the app secret unless `signature` is given. */
  webhook(body: unknown, signature?: string | null): Promise<{ statusCode: number; body: string }>;
  logText(): string;
  /** Forgets what earlier tests scripted and recorded: Graph API failures, closed windows, events. */
  reset(): void;
  cleanup(): Promise<void>;
}

/** Builds the channel, its webhook and the fake Graph API. */
export async function buildCloud(): Promise<CloudUnderTest> {
  const testRedis = createTestRedis();
  const redis = new Redis(testRedis.url);
  const graph = new FakeGraphApi();
  const baseUrl = await graph.start();
  const hash = (value: string) => createHmac('sha256', HASH_KEY).update(value).digest('hex');
  const messageKey = (wamid: string) => `wamid:${hash(`cloud_api:${wamid}`).slice(0, 48)}`;
  const prefix = `${testRedis.prefix}:cloud`;
  const window = new ConversationWindow(redis, prefix, hash);
  const events = new RecordingEvents();
  const captured = capturedLog('debug');
  const log = captured.log;
  const channel = cloudApiChannel({
    api: graphApi({ baseUrl, phoneNumberId: PHONE_NUMBER_ID, token: TOKEN, timeoutMs: 2_000 }),
    window,
    sent: new SentRecord(redis, prefix),
    messageKey,
    templateLanguages: { 'es-MX': 'es_MX', en: 'en_US', yua: 'es_MX' },
    log,
  });
  const app = Fastify({ loggerInstance: log as FastifyBaseLogger });
  await app.register(cloudApiRoutes, {
    events,
    window,
    seen: new SeenOnce(redis, prefix),
    messageKey,
    phoneNumberId: PHONE_NUMBER_ID,
    appSecret: APP_SECRET,
    verifyToken: VERIFY_TOKEN,
    log,
  });
  await app.ready();
  return {
    channel,
    graph,
    app,
    events,
    window,
    testRedis,
    messageKey,
    async webhook(body, signature) {
      const raw = typeof body === 'string' ? body : JSON.stringify(body);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      const sig = signature === undefined ? signatureOf(raw, APP_SECRET) : signature;
      if (sig !== null) headers['x-hub-signature-256'] = sig;
      const res = await app.inject({ method: 'POST', url: '/webhooks/whatsapp', headers, payload: raw });
      return { statusCode: res.statusCode, body: res.body };
    },
    logText: captured.text,
    reset() {
      graph.failures.length = 0;
      graph.windowClosed.clear();
      events.texts.length = 0;
      events.nonTexts.length = 0;
      events.statuses.length = 0;
    },
    async cleanup() {
      await app.close();
      await graph.stop();
      redis.disconnect();
      await testRedis.clean();
    },
  };
}

/**
 * One Cloud API channel for a test file: built before its tests, {@link CloudUnderTest.reset} before
 * each, cleaned up after. Returns a getter (the channel exists only once `beforeAll` ran).
 *
 * @example
 * const cloud = useCloud();
 * it('sends', async () => { await cloud().channel.send(…); });
 */
export function useCloud(): () => CloudUnderTest {
  let c: CloudUnderTest | undefined;
  beforeAll(async () => {
    c = await buildCloud();
  });
  afterAll(async () => {
    await c?.cleanup();
  });
  beforeEach(() => c!.reset());
  return () => c!;
}
