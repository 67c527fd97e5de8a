import type { Logger } from 'pino';
import { DEFAULT_MEDIA_MAX_BYTES, messageAttachments } from './message-media.js';
import type { ChannelEvents, DeliveryStatus } from '../../app/ports.js';
import type { E164 } from '../../app/phone-number.js';
import { herChangeId } from '../shared/change-id.js';
import { isRateLimited } from '../shared/rate-limited.js';
import type { SeenOnce } from '../shared/seen-once.js';
import { chatKind } from './chat-ids.js';
import { classifyMessage } from './classify-message.js';
import type { WaCall, WaClient, WaMessage, WaReaction } from './client.js';
import type { OwnMessages } from './own-messages.js';
import type { PeerResolver } from './peer-resolver.js';

/** The delivery status of a whatsapp-web.js ack; pending (0) says nothing new. */
const ACK_STATUS: Readonly<Record<number, DeliveryStatus>> = { [-1]: 'failed', 1: 'sent', 2: 'delivered', 3: 'read', 4: 'read' };

/** How many unread messages of one chat catch-up reads at most. */
const CATCH_UP_LIMIT = 50;

/** What the relay needs. */
export interface InboundRelayDeps {
  events: ChannelEvents;
  resolver: PeerResolver;
  own: OwnMessages;
  seen: SeenOnce;
  log: Logger;
  /** Waits between hand-over attempts when Redis is briefly away. */
  retryDelaysMs?: readonly number[];
  /** `MEDIA_MAX_BYTES`: a larger file is recorded as too large (16 MB when absent). */
  mediaMaxBytes?: number;
}

/**
 * Turns whatsapp-web.js events into {@link ChannelEvents}. It listens to `message_create` only (it
 * fires once for every message, hers and the linked phone's; `message` would double hers):
 * - her texts go to `inbound`, anything else to `nonTextInbound` by kind, with its caption and
 *   its file (`downloadMedia`, capped) or place, each
 *   once (by WhatsApp message id, across restarts); groups, status, broadcasts and newsletters are
 *   ignored; a `@lid` sender is mapped to her number;
 * - a `fromMe` message the service did not send is a person writing from the linked phone:
 *   `humanTookOver`;
 * - `message_ack` on a `fromMe` message becomes a `deliveryStatus`;
 * - `message_reaction`, her reaction to one of the phone's messages, goes to `inbound` as its emoji
 *   naming that message (`reactionTo`; see `relayReaction`);
 * - `message_edit` and `message_revoke_everyone`, her edit or deletion of a message she sent, go to
 *   `messageChanged` (see `relayChange`);
 * - `call`, her call to the linked phone's number, goes to `nonTextInbound` as kind `call` (see `relayCall`).
 * On `ready` it catches up with the unread messages of person chats (received while offline). A
 * message refused by the flood guard is dropped.
 * Nothing is logged of a message but its kind and outcome.
 */
export class InboundRelay {
  private catchingUp = false;

  constructor(private readonly deps: InboundRelayDeps) {}

  /** Wires the relay on a new client. */
  attach(client: WaClient): void {
    client.on('message_create', (message: WaMessage) => void this.relay(client, message, 'live'));
    client.on('message_ack', (message: WaMessage, ack: number) => void this.ack(message, ack));
    client.on('message_reaction', (reaction: WaReaction) => void this.relayReaction(client, reaction));
    client.on('message_edit', (message: WaMessage, newBody: unknown) => void this.relayChange(client, message, typeof newBody === 'string' ? newBody : ''));
    client.on('message_revoke_everyone', (message: WaMessage) => void this.relayChange(client, message, undefined));
    client.on('call', (call: WaCall) => void this.relayCall(client, call));
  }

  /**
   * Relays her call to the linked phone's number, as it rings, as a non-text message of kind `call`,
   * once per call: nobody answers a call here, so the pipeline asks a person to write to her. The
   * call itself is left to ring (whoever holds the unit's phone may still take it). A group call, or
   * one the phone makes, is ignored.
   */
  async relayCall(client: WaClient, call: WaCall): Promise<boolean> {
    try {
      const chat = call.from ? chatKind(call.from) : 'other';
      if (call.fromMe || call.isGroup || !call.from || (chat !== 'person' && chat !== 'lid')) return false;
      const id = `llamada:${call.id}`;
      return await this.handOverOnce(client, id, call.from, 'call', (from) =>
        this.deps.events.nonTextInbound({ channel: 'whatsapp_web', channelMessageId: id, from, kind: 'call', receivedAt: instant(call.timestamp) }),
      );
    } catch (error) {
      this.deps.log.error({ err: { name: (error as Error).name } }, 'a WhatsApp call could not be handed over');
      return false;
    }
  }

  /**
   * Relays her edit (`editedText`) or her deletion for everyone (`undefined`) of a message she sent,
   * once per change ({@link herChangeId}), naming that message by its id, which whatsapp-web.js keeps
   * on the changed message. The phone's own messages, groups and an edit that leaves no text are
   * ignored.
   */
  async relayChange(client: WaClient, message: WaMessage, editedText: string | undefined): Promise<boolean> {
    try {
      const chat = chatKind(message.from);
      const text = editedText?.trim();
      if (message.fromMe || (chat !== 'person' && chat !== 'lid') || text === '') return false;
      // An edit carries its own key when WhatsApp Web gives one: an edit back to an earlier text is a change too.
      const editKey = text === undefined ? undefined : message.latestEditMsgKey?.id;
      const id = editKey ? `${message.id.id}:editado:${editKey}` : herChangeId(message.id.id, text);
      const at = text !== undefined && message.latestEditSenderTimestampMs ? new Date(message.latestEditSenderTimestampMs) : new Date();
      return await this.handOverOnce(client, id, message.from, 'change of a message', (from) =>
        this.deps.events.messageChanged({ channel: 'whatsapp_web', channelMessageId: id, from, of: message.id.id, at: at.toISOString(), ...(text === undefined ? {} : { editedText: text }) }),
      );
    } catch (error) {
      this.deps.log.error({ err: { name: (error as Error).name } }, 'a change of a WhatsApp message could not be handed over');
      return false;
    }
  }

  /**
   * Relays her reaction to a message the linked phone sent her (👍 on the question) as a text of its
   * emoji naming that message (`reactionTo`), once; whether it answers anything is the pipeline's
   * call. A reaction taken back, the phone's own, or one in a group or on her own message is ignored.
   */
  async relayReaction(client: WaClient, reaction: WaReaction): Promise<boolean> {
    try {
      const emoji = reaction.reaction.trim();
      const chat = chatKind(reaction.msgId.remote);
      if (!emoji || reaction.id.fromMe || !reaction.msgId.fromMe || (chat !== 'person' && chat !== 'lid')) return false;
      return await this.handOverOnce(client, reaction.id.id, reaction.msgId.remote, 'reaction', (from) =>
        this.deps.events.inbound({ channel: 'whatsapp_web', channelMessageId: reaction.id.id, from, text: emoji, receivedAt: instant(reaction.timestamp), reactionTo: reaction.msgId.id }),
      );
    } catch (error) {
      this.deps.log.error({ err: { name: (error as Error).name } }, 'a WhatsApp reaction could not be handed over');
      return false;
    }
  }

  /** Relays the unread messages of every person chat (one catch-up at a time). */
  async catchUp(client: WaClient): Promise<number> {
    if (this.catchingUp) return 0;
    this.catchingUp = true;
    let relayed = 0;
    try {
      for (const chat of await client.getChats()) {
        const kind = chatKind(chat.id._serialized);
        if (chat.isGroup || chat.unreadCount <= 0 || (kind !== 'person' && kind !== 'lid')) continue;
        const messages = await chat.fetchMessages({ limit: Math.min(chat.unreadCount, CATCH_UP_LIMIT) });
        for (const message of messages) {
          if (!message.fromMe && (await this.relay(client, message, 'catch_up'))) relayed += 1;
        }
      }
      if (relayed > 0) this.deps.log.info({ relayed }, 'caught up with messages received while offline');
    } catch (error) {
      this.deps.log.warn({ err: { name: (error as Error).name } }, 'catch-up of unread messages failed; the next ready retries');
    } finally {
      this.catchingUp = false;
    }
    return relayed;
  }

  /** Relays one message; returns whether it was handed over. */
  async relay(client: WaClient, message: WaMessage, source: 'live' | 'catch_up'): Promise<boolean> {
    try {
      const classified = classifyMessage(message);
      if (classified.kind === 'ignore') return false;
      const id = message.id.id;
      const at = instant(message.timestamp);
      if (message.fromMe) {
        if (source === 'catch_up' || this.deps.own.isOwn(id, message.body ?? '')) return false;
        const to = await this.deps.resolver.phoneOf(client, classified.peer);
        if (!to) return this.unresolved('takeover');
        await this.withRetries(() =>
          this.deps.events.humanTookOver({
            channel: 'whatsapp_web',
            channelMessageId: id,
            to,
            kind: classified.kind === 'text' ? 'text' : classified.messageKind,
            text: classified.kind === 'text' ? classified.text : '',
            at,
          }),
        );
        return true;
      }
      return await this.deps.seen.run(`in:${id}`, async () => {
        const from = await this.deps.resolver.phoneOf(client, classified.peer);
        if (!from) return this.unresolved('inbound');
        const base = { channel: 'whatsapp_web' as const, channelMessageId: id, from, receivedAt: at };
        // Downloaded once, before the hand-over retries: the file or place travels with the message.
        // A number over its rate limit is refused below: its file is not downloaded first.
        const admitted = classified.kind === 'non_text' && ((await this.deps.events.admits?.(from)) ?? true);
        const attached = admitted ? await messageAttachments(message, this.deps.mediaMaxBytes ?? DEFAULT_MEDIA_MAX_BYTES) : {};
        try {
          await this.withRetries(() =>
            classified.kind === 'text'
              ? this.deps.events.inbound({ ...base, text: classified.text })
              : this.deps.events.nonTextInbound({ ...base, kind: classified.messageKind, ...(classified.caption ? { caption: classified.caption } : {}), ...attached }),
          );
        } catch (error) {
          if (!isRateLimited(error)) throw error;
          this.deps.log.warn({ source }, 'message dropped: its number is over the message rate limit');
        }
      });
    } catch (error) {
      this.deps.log.error({ err: { name: (error as Error).name }, source }, 'a WhatsApp message could not be handed over');
      return false;
    }
  }

  private async ack(message: WaMessage, ack: number): Promise<void> {
    const status = ACK_STATUS[ack];
    const chat = chatKind(message.to);
    if (!message.fromMe || !status || (chat !== 'person' && chat !== 'lid')) return;
    try {
      await this.withRetries(() =>
        this.deps.events.deliveryStatus({
          channel: 'whatsapp_web',
          channelMessageId: message.id.id,
          status,
          at: new Date().toISOString(),
          ...(status === 'failed' ? { errorCode: 'WA_ACK_ERROR' } : {}),
        }),
      );
    } catch (error) {
      this.deps.log.warn({ err: { name: (error as Error).name } }, 'a WhatsApp ack could not be handed over');
    }
  }

  /**
   * Hands one event of hers (`id`) over once: her number from the chat `peer`, then `handOver` with
   * retries; one refused by the flood guard is dropped (`what` names it in the log).
   */
  private handOverOnce(client: WaClient, id: string, peer: string, what: string, handOver: (from: E164) => Promise<void>): Promise<boolean> {
    return this.deps.seen.run(`in:${id}`, async () => {
      const from = await this.deps.resolver.phoneOf(client, peer);
      if (!from) return this.unresolved('inbound');
      try {
        await this.withRetries(() => handOver(from));
      } catch (error) {
        if (!isRateLimited(error)) throw error;
        this.deps.log.warn({ source: 'live', what }, 'dropped: its number is over the message rate limit');
      }
    });
  }

  private unresolved(what: string): false {
    this.deps.log.warn({ what }, 'no number found for a WhatsApp chat: message not handed over');
    return false;
  }

  private async withRetries(handOver: () => Promise<void>): Promise<void> {
    const delays = this.deps.retryDelaysMs ?? [500, 1_000, 2_000, 4_000];
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await handOver();
      } catch (error) {
        const delay = delays[attempt];
        if (delay === undefined || isRateLimited(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}

function instant(unixSeconds: number | undefined): string {
  return (unixSeconds ? new Date(unixSeconds * 1000) : new Date()).toISOString();
}
