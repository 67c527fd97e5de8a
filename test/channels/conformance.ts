import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelError } from '../../src/app/errors.js';
import { e164, type E164 } from '../../src/app/phone-number.js';
import type { ChannelPort, DeliveryStatus } from '../../src/app/ports.js';
import { eventually } from '../support/test-service.js';
import type { RecordingEvents } from './support/recording-events.js';

/**
 * What the conformance suite needs to drive one channel: the channel, the events it hands over, and
 * the means to play her phone and the network on the other side.
 */
export interface ChannelHarness {
  channel: ChannelPort;
  events: RecordingEvents;
  /** Makes the channel ready to send and receive (starts it, links the fake phone…). */
  connect(): Promise<void>;
  /** Her phone sends a text; the network may deliver the same `id` again. */
  herText(from: E164, text: string, id: string): Promise<void>;
  /** Her phone sends a voice note. */
  herVoiceNote(from: E164, id: string): Promise<void>;
  /** Texts her phone received, in order. */
  received(to: E164): Promise<string[]>;
  /** Her phone reports a message the channel sent. */
  report(channelMessageId: string, status: Extract<DeliveryStatus, 'delivered' | 'read'>): Promise<void>;
  /** The next send fails in a way that trying again can fix. */
  failNextSendTransiently(): void;
  /** A number the channel cannot reach at all, if the channel can tell (the simulator cannot). */
  unreachableNumber?: E164;
  close(): Promise<void>;
}

// Numbers in the form WhatsApp reports them (what every channel hands over, normalized).
const HER = e164.parse('+529981230001');
const OTHER = e164.parse('+529981230002');

/**
 * The contract every channel keeps, run against each adapter with its own harness: inbound messages
 * mapped and handed over once, non-text by kind, outbound in order per chat and once per idempotency
 * key, delivery statuses keyed by the receipt's id, errors classified, health `ready` once connected.
 */
export function describeChannelConformance(name: string, makeHarness: () => Promise<ChannelHarness>): void {
  describe(`${name}: channel conformance`, () => {
    let h: ChannelHarness;

    beforeAll(async () => {
      h = await makeHarness();
      await h.connect();
    });
    afterAll(async () => {
      await h?.close();
    });

    it('is ready once connected', async () => {
      await eventually(async () => (h.channel.health().state === 'ready' ? true : undefined), 5_000, 'ready');
    });

    it('hands her text over, mapped, with an id that carries no phone number', async () => {
      await h.herText(HER, 'Hola, ¿quién es?', 'conf-text-1');
      const [message] = await eventually(async () => (h.events.texts.length >= 1 ? h.events.texts : undefined), 5_000, 'the text');
      expect(message).toMatchObject({ channel: h.channel.name, from: HER, text: 'Hola, ¿quién es?' });
      expect(message!.channelMessageId).toBeTruthy();
      expect(message!.channelMessageId).not.toContain(HER.slice(1));
      expect(new Date(message!.receivedAt).toISOString()).toBe(message!.receivedAt);
    });

    it('hands a message delivered twice over once', async () => {
      await h.herText(HER, 'dos veces', 'conf-text-2');
      await h.herText(HER, 'dos veces', 'conf-text-2');
      await eventually(async () => (h.events.texts.some((m) => m.text === 'dos veces') ? true : undefined), 5_000, 'the text');
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(h.events.texts.filter((m) => m.text === 'dos veces')).toHaveLength(1);
    });

    it('hands a voice note over by kind only', async () => {
      await h.herVoiceNote(HER, 'conf-voice-1');
      const [note] = await eventually(async () => (h.events.nonTexts.length >= 1 ? h.events.nonTexts : undefined), 5_000, 'the voice note');
      expect(note).toMatchObject({ channel: h.channel.name, from: HER, kind: 'voice' });
      expect(Object.keys(note!).sort()).toEqual(['channel', 'channelMessageId', 'from', 'kind', 'receivedAt']);
      expect(h.events.texts.every((m) => m.channelMessageId !== note!.channelMessageId)).toBe(true);
    });

    it('sends in the order asked, per chat, with distinct receipts', async () => {
      const texts = ['uno', 'dos', 'tres'];
      const receipts = await Promise.all(texts.map((text, i) => h.channel.send({ to: OTHER, text, idempotencyKey: `conf-order-${i}` })));
      expect(new Set(receipts.map((r) => r.channelMessageId)).size).toBe(3);
      await eventually(async () => ((await h.received(OTHER)).length >= 3 ? true : undefined), 5_000, 'three texts');
      expect(await h.received(OTHER)).toEqual(texts);
    });

    it('sends an idempotency key once', async () => {
      const first = await h.channel.send({ to: HER, text: 'solo una vez', idempotencyKey: 'conf-once' });
      const again = await h.channel.send({ to: HER, text: 'solo una vez', idempotencyKey: 'conf-once' });
      expect(again).toEqual(first);
      expect((await h.received(HER)).filter((t) => t === 'solo una vez')).toHaveLength(1);
    });

    it('reports delivery statuses under the receipt id', async () => {
      const receipt = await h.channel.send({ to: HER, text: '¿Cómo va tu día?', idempotencyKey: 'conf-status' });
      await h.report(receipt.channelMessageId, 'read');
      const update = await eventually(
        async () => h.events.statuses.find((s) => s.channelMessageId === receipt.channelMessageId && s.status === 'read'),
        5_000,
        'the read status',
      );
      expect(update).toMatchObject({ channel: h.channel.name, status: 'read' });
    });

    it('classifies a transient failure as retryable, and the next send goes through', async () => {
      h.failNextSendTransiently();
      const error = await h.channel.send({ to: HER, text: 'reintento', idempotencyKey: 'conf-retry' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelError);
      expect((error as ChannelError).retryable).toBe(true);
      await h.channel.send({ to: HER, text: 'reintento', idempotencyKey: 'conf-retry' });
      expect((await h.received(HER)).filter((t) => t === 'reintento')).toHaveLength(1);
    });

    it('classifies an unreachable number as not retryable', async (context) => {
      if (!h.unreachableNumber) return context.skip();
      const error = await h.channel.send({ to: h.unreachableNumber, text: 'hola', idempotencyKey: 'conf-invalid' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ChannelError);
      expect((error as ChannelError).retryable).toBe(false);
    });

    it('reports a health state of the port', () => {
      expect(['starting', 'ready', 'qr_required', 'degraded', 'disconnected']).toContain(h.channel.health().state);
    });
  });
}
