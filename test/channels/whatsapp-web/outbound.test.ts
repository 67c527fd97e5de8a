import { afterEach, describe, expect, it } from 'vitest';
import { ChannelError } from '../../../src/app/errors.js';
import type { E164 } from '../../../src/app/phone-number.js';
import { eventually } from '../../support/test-service.js';
import { buildGateway, type GatewayUnderTest } from '../support/whatsapp-gateway.js';
import { FakeWhatsApp } from '../support/fake-whatsapp.js';

const HER = '+5219981234444' as E164;
const JID = '5219981234444@c.us';
const open: GatewayUnderTest[] = [];
afterEach(async () => {
  for (const g of open.splice(0).reverse()) await g.cleanup();
});

async function ready(options: Parameters<typeof buildGateway>[0] = {}): Promise<GatewayUnderTest> {
  const world = options.world ?? new FakeWhatsApp();
  world.registered.add(HER.slice(1));
  const g = await buildGateway({ ...options, world });
  open.push(g);
  await g.channel.start(g.events);
  await eventually(async () => (g.channel.health().state === 'ready' ? true : undefined), 5_000, 'ready');
  return g;
}

const sendError = (g: GatewayUnderTest, key: string, to: E164 = HER) =>
  g.channel.send({ to, text: 'hola', idempotencyKey: key }).then(
    () => {
      throw new Error('expected the send to fail');
    },
    (error: unknown) => error as ChannelError,
  );

describe('whatsapp-web outbound', () => {
  it('leaves a randomized gap between messages, within the configured bounds', async () => {
    const g = await ready({ settings: { minGapMs: 150, maxGapMs: 250 } });
    await Promise.all([0, 1, 2, 3].map((i) => g.channel.send({ to: HER, text: `m${i}`, idempotencyKey: `gap-${i}` })));
    const at = g.world.sent.map((m) => m.at);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    expect(g.world.textsTo(JID)).toEqual(['m0', 'm1', 'm2', 'm3']);
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(145);
      expect(gap).toBeLessThan(400);
    }
  });

  it('refuses, without sending, a message whose turn comes after the time it had to go by', async () => {
    const g = await ready({ settings: { minGapMs: 300, maxGapMs: 300 } });
    const sendBy = new Date(Date.now() + 150);
    const [first, second] = await Promise.allSettled([
      g.channel.send({ to: HER, text: 'a tiempo', idempotencyKey: 'by-1', sendBy }),
      g.channel.send({ to: HER, text: 'tarde', idempotencyKey: 'by-2', sendBy }),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    const refused = (second as PromiseRejectedResult).reason as ChannelError;
    expect(refused).toMatchObject({ code: 'OUTSIDE_SAFE_HOURS', retryable: false });
    expect(g.world.textsTo(JID)).toEqual(['a tiempo']);
  });

  it('shows "typing…" briefly before each message', async () => {
    const waits: number[] = [];
    const g = await ready({
      settings: { typingMs: 40 },
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await g.channel.send({ to: HER, text: 'con escritura', idempotencyKey: 'typing-1' });
    expect(g.world.typing).toEqual([JID]);
    expect(waits).toContain(40);
  });

  it('stops at the daily cap with a retryable error pointing at the next morning in Cancún, and counts days there', async () => {
    let now = new Date('2026-11-28T04:30:00Z'); // 23:30 on the 27th in Cancún
    const g = await ready({ settings: { dailyCap: 2, dailyCapResumeAt: '08:00' }, now: () => now });
    await g.channel.send({ to: HER, text: 'a', idempotencyKey: 'cap-1' });
    await g.channel.send({ to: HER, text: 'b', idempotencyKey: 'cap-2' });
    const error = await sendError(g, 'cap-3');
    expect(error).toBeInstanceOf(ChannelError);
    expect(error).toMatchObject({ code: 'WA_DAILY_CAP', retryable: true });
    // Resumes the next day at the end of the quiet hours (08:00 in Cancún), not at midnight.
    expect(error.retryAfterMs).toBeGreaterThanOrEqual((8 * 60 + 30) * 60_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual((8 * 60 + 45) * 60_000);
    expect(g.world.textsTo(JID)).toEqual(['a', 'b']);

    now = new Date('2026-11-28T05:10:00Z'); // 00:10 on the 28th in Cancún
    await g.channel.send({ to: HER, text: 'c', idempotencyKey: 'cap-3' });
    expect(g.world.textsTo(JID)).toEqual(['a', 'b', 'c']);
  });

  it('retries only what can succeed later', async () => {
    const g = await ready();
    g.world.sendFailures.push(new Error('Protocol error (Runtime.callFunctionOn): Session closed.'));
    expect(await sendError(g, 'err-1')).toMatchObject({ code: 'WA_BROWSER', retryable: true });
    g.world.sendFailures.push('undefined');
    expect(await sendError(g, 'err-2')).toMatchObject({ code: 'WA_NO_RECEIPT', retryable: true });
    g.world.sendFailures.push(new Error('Evaluation failed: something unexpected'));
    expect(await sendError(g, 'err-3')).toMatchObject({ code: 'WA_SEND_FAILED', retryable: true });
    expect(await sendError(g, 'err-4', '+5219981239876' as E164)).toMatchObject({ code: 'WA_NOT_ON_WHATSAPP', retryable: false });
    expect(g.world.sent).toHaveLength(0);
  });

  it('refuses to send while not ready, asking to be tried again later', async () => {
    const world = new FakeWhatsApp();
    world.linked = false;
    const g = await buildGateway({ world });
    open.push(g);
    await g.channel.start(g.events);
    await eventually(async () => (g.channel.health().state === 'qr_required' ? true : undefined), 5_000, 'qr_required');
    expect(await sendError(g, 'not-ready')).toMatchObject({ code: 'WA_NOT_READY', retryable: true, retryAfterMs: 30_000 });
  });

  it('does not resend after a restart: the sent record lives in Redis', async () => {
    const first = await ready();
    const receipt = await first.channel.send({ to: HER, text: 'una vez', idempotencyKey: 'restart-1' });
    await first.close();

    const world = new FakeWhatsApp();
    world.registered.add(HER.slice(1));
    const second = await buildGateway({ world, share: first });
    open.push(second);
    await second.channel.start(second.events);
    await eventually(async () => (second.channel.health().state === 'ready' ? true : undefined), 5_000, 'ready');
    expect(await second.channel.send({ to: HER, text: 'una vez', idempotencyKey: 'restart-1' })).toEqual(receipt);
    expect(world.sent).toHaveLength(0);
  });

  it('sends to the id WhatsApp registers for the number', async () => {
    const g = await ready();
    await g.channel.send({ to: HER, text: 'hola', idempotencyKey: 'jid-1' });
    expect(g.world.sent[0]!.chatId).toBe(JID);
  });
});
