/**
 * A number flooding the service with files: once it is over its rate limit, its files are not
 * downloaded only to be dropped. Through the whole service on whatsapp-web, with a fake WhatsApp
 * client at the edge that counts downloads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PHONE } from '../../src/demo/seed-demo.js';
import { eventually } from '../support/test-service.js';
import { startReadyDemoService, type WhatsAppWebService } from '../channels/support/whatsapp-web-service.js';

const JID = `${DEMO_PHONE.slice(1)}@c.us`;
let service: WhatsAppWebService;

beforeAll(async () => {
  service = await startReadyDemoService({ FLOOD_MAX_MESSAGES: '2', FLOOD_WINDOW_SECONDS: '3600' });
});

afterAll(async () => {
  await service?.stop();
});

describe('a number sending files over its rate limit', () => {
  it('gets its first files downloaded and the rest dropped without downloading them', async () => {
    const { t, world } = service;
    let downloads = 0;
    const dropped = () => t.logText().split('over the message rate limit').length - 1;
    for (let i = 0; i < 5; i += 1) {
      const handled = async () => (await t.service.queues.inbound.getJobCounts('completed', 'waiting', 'active')) as Record<string, number>;
      const before = Object.values(await handled()).reduce((a, b) => a + b, 0) + dropped();
      world.receive(JID, '', { id: `FLOOD-FILE-${i}`, type: 'image', media: { mimetype: 'image/jpeg', data: Buffer.from(`foto-${i}`).toString('base64') }, onDownload: () => (downloads += 1) });
      await eventually(async () => (Object.values(await handled()).reduce((a, b) => a + b, 0) + dropped() > before ? true : undefined), 10_000, `file ${i} handled`);
    }
    expect(downloads).toBe(2);
    expect(dropped()).toBe(3);
  });
});
