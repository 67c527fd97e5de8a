import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { eventually } from './test-service.js';

/** The texts the simulator delivered to `phone` so far, oldest first. */
export async function simulatorInbox(server: FastifyInstance, phone: string): Promise<string[]> {
  const res = await server.inject({ method: 'GET', url: `/api/simulator/outbound?to=${encodeURIComponent(phone)}` });
  return (res.json() as { text: string }[]).map((m) => m.text);
}

/**
 * She writes `text` through the simulator (channel message id `id`); resolves with her phone's texts
 * once it holds `expectTotal` of them.
 */
export async function sayAndWait(server: FastifyInstance, phone: string, text: string, id: string, expectTotal: number): Promise<string[]> {
  const res = await server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text, id } });
  expect(res.statusCode).toBe(202);
  return eventually(async () => {
    const texts = await simulatorInbox(server, phone);
    return texts.length >= expectTotal ? texts : undefined;
  }, 10_000, `${expectTotal} messages`);
}
