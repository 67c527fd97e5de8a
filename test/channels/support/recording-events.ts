import type {
  ChannelEvents,
  ChannelIdentityStore,
  ContactChannel,
  DeliveryStatusUpdate,
  HerMessageChange,
  HumanTakeover,
  InboundMessage,
  NonTextInbound,
} from '../../../src/app/ports.js';
import type { E164 } from '../../../src/app/phone-number.js';

/** {@link ChannelEvents} that keep what a channel handed over, for assertions; `failing` makes every call throw. */
export class RecordingEvents implements ChannelEvents {
  readonly texts: InboundMessage[] = [];
  readonly nonTexts: NonTextInbound[] = [];
  readonly takeovers: HumanTakeover[] = [];
  readonly statuses: DeliveryStatusUpdate[] = [];
  readonly changes: HerMessageChange[] = [];
  failing = false;
  /** Makes her messages throw as the flood guard does (`code: 'RATE_LIMITED'`). */
  rateLimited = false;
  /** How many hand-overs were attempted while rate limited. */
  refused = 0;

  async inbound(message: InboundMessage): Promise<void> {
    this.check();
    this.limit();
    this.texts.push(message);
  }
  async nonTextInbound(message: NonTextInbound): Promise<void> {
    this.check();
    this.limit();
    this.nonTexts.push(message);
  }
  async humanTookOver(event: HumanTakeover): Promise<void> {
    this.check();
    this.takeovers.push(event);
  }
  async deliveryStatus(update: DeliveryStatusUpdate): Promise<void> {
    this.check();
    this.statuses.push(update);
  }
  async messageChanged(change: HerMessageChange): Promise<void> {
    this.check();
    this.limit();
    this.changes.push(change);
  }

  private check(): void {
    if (this.failing) throw new Error('queue unavailable');
  }

  private limit(): void {
    if (!this.rateLimited) return;
    this.refused += 1;
    throw Object.assign(new Error('too many messages from this number'), { code: 'RATE_LIMITED' });
  }
}

/** An in-memory {@link ChannelIdentityStore}. */
export class MemoryIdentities implements ChannelIdentityStore {
  readonly map = new Map<string, E164>();
  async remember(channel: ContactChannel, externalId: string, phone: E164): Promise<void> {
    this.map.set(`${channel}:${externalId}`, phone);
  }
  async phoneFor(channel: ContactChannel, externalId: string): Promise<E164 | null> {
    return this.map.get(`${channel}:${externalId}`) ?? null;
  }
}
