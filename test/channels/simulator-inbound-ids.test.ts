import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorPhone } from '../../src/channels/simulator/simulator-phone.js';
import { simulatorRoutes } from '../../src/channels/simulator/routes.js';
import { SeenOnce } from '../../src/channels/shared/seen-once.js';
import { systemClock } from '../../src/app/system-clock.js';
import { createTestRedis } from '../support/test-redis.js';
import { RecordingEvents } from './support/recording-events.js';

const testRedis = createTestRedis();
const redis = new Redis(testRedis.url);
const events = new RecordingEvents();
const app = Fastify();

beforeAll(async () => {
  await app.register(simulatorRoutes, {
    events,
    seen: new SeenOnce(redis, testRedis.prefix),
    phone: new SimulatorPhone(redis, testRedis.prefix),
    clock: systemClock,
    subscriber: () => new Redis(testRedis.url),
    mediaMaxBytes: 1024 * 1024,
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  redis.disconnect();
  await testRedis.clean();
});

const seenKeys = () => redis.keys(`${testRedis.prefix}:seen:*`);
const inbound = (payload: object) => app.inject({ method: 'POST', url: '/api/simulator/inbound', payload });

describe('the simulator’s inbound ids', () => {
  it('hands a message without an id over under one of its own, with nothing to remember in Redis', async () => {
    const first = await inbound({ from: '+529981234567', text: 'Hola' });
    const second = await inbound({ from: '+529981234567', text: 'Hola' });
    expect([first.statusCode, second.statusCode]).toEqual([202, 202]);
    const ids = [first.json().id as string, second.json().id as string];
    expect(ids[0]).toMatch(/^sim-in-/);
    expect(ids[1]).not.toBe(ids[0]);
    expect(events.texts.map((m) => m.channelMessageId)).toEqual(ids);
    expect(await seenKeys()).toEqual([]);
  });

  it('still hands an id the phone gave over once, remembered in Redis', async () => {
    const before = events.texts.length;
    expect((await inbound({ from: '+529981234567', text: 'Sí', id: 'wa-given-1' })).statusCode).toBe(202);
    expect((await inbound({ from: '+529981234567', text: 'Sí', id: 'wa-given-1' })).statusCode).toBe(202);
    expect(events.texts.slice(before).map((m) => m.channelMessageId)).toEqual(['wa-given-1']);
    expect(await seenKeys()).toHaveLength(1);
  });
});
