import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { SimulatorPhone } from '../../src/channels/simulator/simulator-phone.js';
import { simulatorChannel } from '../../src/channels/simulator/simulator-channel.js';
import { simulatorRoutes } from '../../src/channels/simulator/routes.js';
import { SeenOnce } from '../../src/channels/shared/seen-once.js';
import { systemClock } from '../../src/app/system-clock.js';
import type { E164 } from '../../src/app/phone-number.js';
import { createTestRedis } from '../support/test-redis.js';
import { describeChannelConformance } from './conformance.js';
import { RecordingEvents } from './support/recording-events.js';

/** A simulated phone whose next delivery can fail, as Redis going away would make it. */
class FlakyPhone extends SimulatorPhone {
  failNext = false;
  override async deliver(to: string, text: string, key: string, at: Date): Promise<string> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('Connection is closed.');
    }
    return super.deliver(to, text, key, at);
  }
}

describeChannelConformance('simulator', async () => {
  const testRedis = createTestRedis();
  const redis = new Redis(testRedis.url);
  const phone = new FlakyPhone(redis, testRedis.prefix);
  const events = new RecordingEvents();
  const channel = simulatorChannel(phone, systemClock, () => redis.status === 'ready');
  const app = Fastify();
  await app.register(simulatorRoutes, {
    events,
    seen: new SeenOnce(redis, testRedis.prefix),
    phone,
    clock: systemClock,
    subscriber: () => new Redis(testRedis.url),
    mediaMaxBytes: 16 * 1024 * 1024,
  });
  const post = async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, payload });
    if (res.statusCode !== 202) throw new Error(`${url} answered ${res.statusCode}`);
  };
  return {
    channel,
    events,
    async connect() {
      await app.ready();
    },
    async herText(from, text, id) {
      await post('/api/simulator/inbound', { from, text, id });
    },
    async herVoiceNote(from, id) {
      await post('/api/simulator/inbound', { from, kind: 'voice', id });
    },
    async received(to: E164) {
      return (await phone.received(to)).map((d) => d.text);
    },
    async report(id, status) {
      await post('/api/simulator/status', { id, status });
    },
    failNextSendTransiently() {
      phone.failNext = true;
    },
    async close() {
      await app.close();
      redis.disconnect();
      await testRedis.clean();
    },
  };
});
