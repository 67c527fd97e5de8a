/**
 * A rolling upgrade: a gateway of a newer release hands over a job of a kind this release's workers do
 * not know, or a message of a kind they do not know (a non-text `poll`, say). They put it back for a
 * newer worker instead of failing it, and fail it only once it has waited a day; a payload of a known
 * kind that cannot be read still fails at once.
 */
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { NEWER_KIND_WAIT_MS, kindFromNewerRelease } from '../../src/scheduling/inbound-processor.js';

let t: TestService;

beforeAll(async () => {
  t = await startTestService();
});

afterAll(async () => {
  await t?.stop();
});

/** The inbound queue as a newer release's gateway sees it: any payload goes. */
const newerGateway = () => t.service.queues.inbound as unknown as Queue<Record<string, unknown>>;

/** The job's state once a worker has looked at it (no longer waiting or running). */
async function stateOnceLookedAt(jobId: string): Promise<string> {
  return eventually(
    async () => {
      const state = await t.service.queues.inbound.getJobState(jobId);
      return state === 'delayed' || state === 'failed' || state === 'completed' ? state : undefined;
    },
    10_000,
    `job ${jobId} looked at`,
  );
}

describe('a job of a kind only a newer release knows', () => {
  it('is put back for a newer worker, not failed, and says so in the log without its payload', async () => {
    const job = await newerGateway().add('her_quote', {
      kind: 'her_quote',
      channel: 'whatsapp_web',
      channelMessageId: 'q-1',
      sealed: 'AQNk-not-for-the-log',
    });
    expect(await stateOnceLookedAt(job.id!)).toBe('delayed');
    const again = await t.service.queues.inbound.getJob(job.id!);
    expect(again!.failedReason).toBeFalsy();
    expect(again!.data).toMatchObject({ kind: 'her_quote', sealed: 'AQNk-not-for-the-log' });
    expect(t.logText()).toContain('job of a kind this release does not know');
    expect(t.logText()).toContain('"kind":"her_quote"');
    expect(t.logText()).not.toContain('AQNk-not-for-the-log');
  });

  it('includes a message kind only a newer release knows, in a job of a known kind', async () => {
    const job = await newerGateway().add('non_text', {
      kind: 'non_text',
      channel: 'whatsapp_web',
      channelMessageId: 'poll-1',
      messageKind: 'poll',
      receivedAt: new Date().toISOString(),
      sealed: 'AQNk-a-poll',
    });
    expect(await stateOnceLookedAt(job.id!)).toBe('delayed');
    expect(t.logText()).toContain('"kind":"non_text:poll"');
  });

  it('fails once it has waited longer than a newer worker could take to come', async () => {
    const job = await newerGateway().add(
      'her_quote',
      { kind: 'her_quote', channel: 'whatsapp_web', channelMessageId: 'q-2', sealed: 'AQNk' },
      { timestamp: Date.now() - NEWER_KIND_WAIT_MS - 1_000 },
    );
    expect(await stateOnceLookedAt(job.id!)).toBe('failed');
  });

  it('leaves a known kind that cannot be read failing at once', async () => {
    const job = await newerGateway().add('inbound', { kind: 'inbound', channel: 'simulator' });
    expect(await stateOnceLookedAt(job.id!)).toBe('failed');
    expect((await t.service.queues.inbound.getJob(job.id!))!.failedReason).toMatch(/invalid payload/);
  });

  it('is told from a known kind or a payload without one', () => {
    expect(kindFromNewerRelease({ kind: 'her_quote' })).toBe('her_quote');
    expect(kindFromNewerRelease({ kind: 'takeover', messageKind: 'poll' })).toBe('takeover:poll');
    for (const data of [
      { kind: 'inbound' },
      { kind: 'her_change' },
      { kind: 'delivery_status' },
      { kind: 'non_text', messageKind: 'call' },
      { kind: 'takeover', messageKind: 'text' },
      { kind: 'non_text', messageKind: 7 },
      {},
      null,
      { kind: 7 },
      { kind: '' },
      { kind: 'x'.repeat(65) },
    ]) {
      expect(kindFromNewerRelease(data)).toBeUndefined();
    }
  });
});
