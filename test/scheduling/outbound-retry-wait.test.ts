import { DelayedError, type Job } from 'bullmq';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ChannelError } from '../../src/app/errors.js';
import type { ChannelPort, ClaimedOutbound, OutboxStore } from '../../src/app/ports.js';
import { outboundProcessor } from '../../src/scheduling/outbound-processor.js';
import type { SendJob } from '../../src/scheduling/job-payloads.js';
import { e164 } from '../../src/app/phone-number.js';

const ID = '01936c3e-0000-7000-8000-000000000001';

function harness(error: ChannelError) {
  const claimed: ClaimedOutbound = { id: ID, caseId: null, checkInId: null, to: e164.parse('+5219981234567'), text: 'hola' };
  const outbox: OutboxStore = { claim: async () => claimed, markSent: async () => undefined, markFailed: async () => undefined };
  const channel: ChannelPort = {
    name: 'whatsapp_web',
    send: async () => {
      throw error;
    },
    health: () => ({ state: 'ready' }),
    close: async () => undefined,
  };
  const delayedTo: number[] = [];
  const job = {
    id: 'out-1',
    data: { kind: 'send', contactIds: [ID] },
    attemptsMade: 0,
    moveToDelayed: async (timestamp: number) => {
      delayedTo.push(timestamp);
    },
  } as unknown as Job<SendJob>;
  const process = outboundProcessor({
    outbox,
    channel,
    events: { publish: async () => undefined, subscribe: async () => async () => undefined },
    clock: { now: () => new Date() },
    log: pino({ level: 'silent' }),
    guard: { mayInitiateNow: async () => true, postpone: async () => undefined },
  });
  return { run: () => process(job, 'token'), delayedTo };
}

describe('outbound retry waits', () => {
  it('delays the job by the wait the channel asked for, without using an attempt', async () => {
    const h = harness(new ChannelError('WA_DAILY_CAP', 'cap', { retryable: true, retryAfterMs: 3_600_000 }));
    const before = Date.now();
    await expect(h.run()).rejects.toBeInstanceOf(DelayedError);
    expect(h.delayedTo).toHaveLength(1);
    expect(h.delayedTo[0]! - before).toBeGreaterThanOrEqual(3_600_000);
  });

  it('leaves other transient errors to the queue\'s backoff', async () => {
    const h = harness(new ChannelError('WA_BROWSER', 'gone', { retryable: true }));
    await expect(h.run()).rejects.toMatchObject({ code: 'WA_BROWSER' });
    expect(h.delayedTo).toHaveLength(0);
  });
});
