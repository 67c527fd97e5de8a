import type { LightMyRequestResponse } from 'fastify';
import type { Clock } from '../../../src/app/ports.js';
import { signatureOf } from '../../../src/channels/cloud-api/webhook-signature.js';
import { startTestService, type TestService } from '../../support/test-service.js';
import { APP_SECRET, PHONE_NUMBER_ID, TOKEN, VERIFY_TOKEN } from './cloud-harness.js';
import { FakeGraphApi } from './fake-graph-api.js';

/** The whole service on `CHANNEL=cloud-api`, talking to a fake Graph API on 127.0.0.1. */
export interface CloudApiService {
  t: TestService;
  graph: FakeGraphApi;
  /** POSTs a webhook body to the service, signed with the app secret unless `signature` is given. */
  webhook(body: object, signature?: string): Promise<LightMyRequestResponse>;
  /** Stops the service (dropping its database and Redis keys), then the fake Graph API. */
  stop(): Promise<void>;
}

/**
 * Starts every role of the service as `npm start` does, on the shipped flows, with the Cloud API
 * credentials of the channel tests, a fake Graph API, and contact allowed at any hour (so a test's
 * outcome never depends on the time it runs); `env` adds or overrides variables, `clock` replaces the
 * system clock.
 *
 * @example
 * const cloud = await startCloudApiService({ DELIVERY_FAILED_LIMIT: '2' });
 * await cloud.webhook(webhookBody({ statuses: [...] }));
 */
export async function startCloudApiService(env: Record<string, string> = {}, options: { clock?: Clock } = {}): Promise<CloudApiService> {
  const graph = new FakeGraphApi();
  const baseUrl = await graph.start();
  const t = await startTestService({
    ...(options.clock ? { clock: options.clock } : {}),
    env: {
      CHANNEL: 'cloud-api',
      CLOUD_API_BASE_URL: baseUrl,
      CLOUD_API_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
      CLOUD_API_TOKEN: TOKEN,
      CLOUD_API_APP_SECRET: APP_SECRET,
      CLOUD_API_VERIFY_TOKEN: VERIFY_TOKEN,
      FLOWS_DIR: 'flows',
      CONTACT_WINDOWS: '1-7 00:00-24:00',
      QUIET_HOURS: 'none',
      ...env,
    },
  }).catch(async (error: unknown) => {
    await graph.stop();
    throw error;
  });
  return {
    t,
    graph,
    webhook(body, signature) {
      const raw = JSON.stringify(body);
      return t.service.server.inject({
        method: 'POST',
        url: '/webhooks/whatsapp',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature ?? signatureOf(raw, APP_SECRET) },
        payload: raw,
      });
    },
    async stop() {
      await t.stop();
      await graph.stop();
    },
  };
}
