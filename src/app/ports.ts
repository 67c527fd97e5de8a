/**
 * The ports of the application layer: what the use cases need from the world, declared here and
 * implemented by channels/, scheduling/ and persistence/. Use cases depend only on these.
 */
import type { E164 } from './phone-number.js';

/** The channels a contact can travel through, as stored on each contact. */
export type ContactChannel = 'simulator' | 'whatsapp_web' | 'cloud_api';

/** A message she sent, as a channel hands it over (already de-grouped, text only for now). */
export interface InboundMessage {
  channel: ContactChannel;
  /** The channel's own id of the message: the key that makes processing idempotent. */
  channelMessageId: string;
  from: E164;
  text: string;
  /** ISO instant the channel received it. */
  receivedAt: string;
}

/** A message to send, identified so that a retry never sends it twice. */
export interface OutboundMessage {
  to: E164;
  text: string;
  /** The outbound contact's id: a channel that has already sent it must not send it again. */
  idempotencyKey: string;
}

/** What a channel says after accepting a message. */
export interface SendReceipt {
  channelMessageId: string;
}

/** A channel's state as reported in `/healthz`. */
export interface ChannelHealth {
  state: 'starting' | 'ready' | 'qr_required' | 'degraded' | 'disconnected';
  detail?: string;
}

/** A way of talking to survivors' phones: the simulator, whatsapp-web.js or the Cloud API. */
export interface ChannelPort {
  readonly name: ContactChannel;
  /** Sends one message; throws {@link ChannelError} when the channel refuses or fails. */
  send(message: OutboundMessage): Promise<SendReceipt>;
  /** Current state, without I/O. */
  health(): ChannelHealth;
  /** Releases connections and browsers. */
  close(): Promise<void>;
}

/** Where a gateway hands inbound messages: the inbound queue. */
export interface InboundSink {
  /** Accepts a message for processing; the same channel message id is processed once. */
  accept(message: InboundMessage): Promise<void>;
}

/** Where use cases put outbound contacts to be sent, in order. */
export interface OutboundDispatcher {
  /** Schedules the sending of these outbound contacts, in the order given, once. */
  dispatch(batchKey: string, contactIds: readonly string[]): Promise<void>;
}

/** Time, passed in so tests fix it. */
export interface Clock {
  now(): Date;
}

/** The survivor and case an inbound number belongs to, as the conversation needs them. */
export interface Recipient {
  caseId: string;
  survivorId: string;
  alias: string;
  language: 'es-MX' | 'en' | 'yua';
  followUpConsent: boolean;
}

/** Who talks with her now: the bot answers only when this is `bot`. */
export type Attention = 'bot' | 'waiting_person' | 'with_person' | 'stopped';

/** A stored flow session, as the engine left it. */
export interface StoredSession {
  id: string;
  flowId: string;
  state: unknown;
}

/** A new outbound message decided by the bot or the system, before it is sent. */
export interface NewOutboundContact {
  text: string;
  author: 'bot' | 'system' | 'staff';
  flowId?: string | undefined;
  nodeId?: string | undefined;
  sessionId?: string | undefined;
  /** The staff member who wrote it, when `author` is `staff`. */
  staffId?: string | undefined;
  sequence: number;
}

/** The writes of one conversation turn, done under the case's lock and committed together. */
export interface CaseConversation {
  /** Records her message; `null` when that channel message id was already recorded. */
  recordInbound(message: InboundMessage, sessionId: string | null): Promise<{ contactId: string } | null>;
  /** The session waiting for her answer, if any. */
  activeSession(): Promise<StoredSession | null>;
  /** Who talks with her now, read under the lock (a takeover may have just happened). */
  attention(): Promise<Attention>;
  /** Creates or updates the flow session; returns its id. */
  saveSession(write: { id?: string | undefined; flowId: string; state: unknown; ended: boolean; outcome?: string | undefined }): Promise<string>;
  /** Records outbound messages caused by `causeId`, queued on `channel`; returns their ids in order. */
  recordOutbound(causeId: string, channel: ContactChannel, messages: readonly NewOutboundContact[]): Promise<string[]>;
  /** Outbound contacts caused by this inbound message that are not sent yet, in order. */
  unsentFor(channel: ContactChannel, channelMessageId: string): Promise<{ causeId: string; contactIds: string[] } | null>;
  /** Ends the session waiting for her answer, if any, with `outcome`. */
  endActiveSession(outcome: string): Promise<void>;
  /** Outbound contacts caused by `causeId` (a message, a check-in) that are not sent yet, in order. */
  unsentCausedBy(causeId: string): Promise<string[]>;
  /** Her message answers the check-in she was sent, if one is open: it becomes `answered`, misses reset. */
  markCheckInAnswered(at: Date): Promise<string | null>;
}

/** Persistence of conversations: who a number is, and each turn under a per-case lock. */
export interface ConversationStore {
  /** The open case with this number, if any. */
  findRecipient(phone: E164): Promise<Recipient | null>;
  /** Runs `work` in one transaction holding the case's lock: turns of one case never interleave. */
  withCase<T>(caseId: string, work: (conversation: CaseConversation) => Promise<T>): Promise<T>;
  /**
   * Records a message from a number without a case, keeping it for review. Returns the outbound reply
   * contact ids to send (empty when she was already answered within `replyEvery`, or on a duplicate).
   */
  recordUnknownInbound(
    message: InboundMessage,
    reply: { text: string; everyMs: number; now: Date },
  ): Promise<{ causeId: string; contactIds: string[] }>;
}

/** An outbound contact ready to go: decrypted destination and text. */
export interface ClaimedOutbound {
  id: string;
  caseId: string | null;
  /** The check-in that started this conversation, when the message was initiated by one (not a reply). */
  checkInId: string | null;
  to: E164;
  text: string;
}

/** The outbox: outbound contacts move queued → sending → sent or failed. */
export interface OutboxStore {
  /** Marks the contact `sending` and returns it; `null` when it is already sent or failed. */
  claim(contactId: string): Promise<ClaimedOutbound | null>;
  /** Records the channel's acceptance. */
  markSent(contactId: string, receipt: SendReceipt, at: Date): Promise<void>;
  /** Records a definitive failure with the channel's error code. */
  markFailed(contactId: string, code: string, at: Date): Promise<void>;
}

/**
 * Something staff screens should refresh for, published after the change is committed.
 *
 * @example
 * { "type": "contact_added", "caseId": "0193…", "contactId": "0193…" }
 * { "type": "attention_changed", "caseId": "0193…" }
 */
export type CaseEvent =
  | { type: 'contact_added'; caseId: string; contactId: string }
  | { type: 'contact_status'; caseId: string; contactId: string }
  | { type: 'attention_changed'; caseId: string }
  | { type: 'alert_raised'; caseId: string | null; alertId: string };

/** Where use cases announce changes, for live screens (the console's inbox and chat). Never personal data. */
export interface CaseEventBus {
  publish(event: CaseEvent): Promise<void>;
  /** Calls `listener` for every event published by any process; returns a function that stops it. */
  subscribe(listener: (event: CaseEvent) => void): Promise<() => Promise<void>>;
}
