/**
 * The ports of the application layer: what the use cases need from the world, declared here and
 * implemented by channels/, scheduling/ and persistence/. Use cases depend only on these.
 */
import type { AuditEntry } from './audit/ports.js';
import type { E164 } from './phone-number.js';
import type { NonTextKind } from './non-text-kinds.js';
import type { CaseFieldsSnapshot, StoredCaseFields } from './case-fields.js';
import type { SavedResult } from './flow-results.js';

/** The channels a contact can travel through, as stored on each contact. */
export type ContactChannel = 'simulator' | 'whatsapp_web' | 'cloud_api';

/** A message she sent, as a channel hands it over (already de-grouped): a text, or the caption of a file. */
export interface InboundMessage {
  channel: ContactChannel;
  /** The channel's own id of the message: the key that makes processing idempotent. */
  channelMessageId: string;
  from: E164;
  text: string;
  /** ISO instant the channel received it. */
  receivedAt: string;
  /**
   * Set when `text` is the caption of an image, video or document she sent: the message is recorded
   * as that kind, with the caption as its (encrypted) text. Absent for a plain text.
   */
  captionOf?: NonTextKind | undefined;
  /** With `captionOf`: the file the caption was written under. */
  media?: InboundMedia | undefined;
  /**
   * Set when she reacted to a message (👍 on "¿Es buen momento para platicar?") instead of writing:
   * the channel's id of the message she reacted to; `text` is the emoji. It counts as her answer only
   * to what was sent her since she last wrote (see `handleInbound`).
   */
  reactionTo?: string | undefined;
  /**
   * Set when `text` is her edit of an earlier message of hers (the channel's id of that message): it is
   * read only for an interrupt (an emergency word, her code word, an opt-out), which is answered as if
   * she had written it now; otherwise the edit is only shown to staff (see `handleHerMessageChange`).
   */
  editOf?: string | undefined;
}

/**
 * She edited, or deleted for everyone, a message she had sent: what staff see on her case (a deleted
 * message may mean someone else reads her phone).
 *
 * @example
 * { "channel": "whatsapp_web", "channelMessageId": "3A5F…:editado:1c2d…", "from": "+5219981234567", "of": "3A5F…", "editedText": "mañana no puedo", "at": "2026-12-07T17:00:00.000Z" }
 */
export interface HerMessageChange {
  channel: ContactChannel;
  /** The channel's id of the change itself: the key that makes handing it over idempotent. */
  channelMessageId: string;
  from: E164;
  /** The channel's id of her message that changed. */
  of: string;
  /** The message's new text; absent when she deleted it. */
  editedText?: string | undefined;
  /** ISO instant of the change. */
  at: string;
}

/**
 * What she sent that is not text (a voice note, a picture…). The kinds are those a contact records
 * (`Contact.kind`); the file or place itself travels in `media` / `location`.
 */
export type { NonTextKind };

/**
 * The file of a voice note, image, video, document or sticker, as the channel handed it over after
 * downloading it (size-capped by `MEDIA_MAX_BYTES`): its bytes, or why they are not there.
 *
 * @example
 * { "status": "stored", "mime": "audio/ogg; codecs=opus", "data": "<Uint8Array>" }
 * { "status": "too_large", "mime": "video/mp4", "byteSize": 31457280 }
 */
export type InboundMedia =
  | { status: 'stored'; mime: string; data: Uint8Array }
  | { status: 'too_large'; mime: string; byteSize: number }
  | { status: 'unavailable'; mime: string };

/**
 * A location she shared, in decimal degrees, with the place's name when WhatsApp gave one.
 *
 * @example
 * { "lat": 21.1619, "lng": -86.8515, "name": "Plaza Las Américas" }
 */
export interface SharedLocation {
  lat: number;
  lng: number;
  name?: string | undefined;
}

/** What a contact holds: a text, or something else recorded by kind. */
export type ContactKind = 'text' | NonTextKind;

/**
 * A message she sent that the bot cannot read (voice note, image…): recorded by kind and routed to a
 * person with a discreet reply.
 *
 * @example
 * { "channel": "whatsapp_web", "channelMessageId": "3A5F…", "from": "+5219981234567", "kind": "voice", "receivedAt": "2026-11-28T17:00:00.000Z" }
 */
export interface NonTextInbound {
  channel: ContactChannel;
  channelMessageId: string;
  from: E164;
  kind: NonTextKind;
  receivedAt: string;
  /** What she wrote with an image, video or document, if anything: read like a text (see `caption-inbound.ts`). */
  caption?: string | undefined;
  /** The file, downloaded by the channel (voice notes, audio, images, video, documents, stickers). */
  media?: InboundMedia | undefined;
  /** The place, for `kind: 'location'`. */
  location?: SharedLocation | undefined;
}

/**
 * A message a person wrote from the linked phone itself (not sent by the service): a takeover.
 *
 * @example
 * { "channel": "whatsapp_web", "channelMessageId": "3EB0…", "to": "+5219981234567", "kind": "text", "text": "Hola, soy Marta", "at": "2026-11-28T17:00:00.000Z" }
 */
export interface HumanTakeover {
  channel: ContactChannel;
  channelMessageId: string;
  /** Her number: the chat the person wrote in. */
  to: E164;
  kind: ContactKind;
  /** What the person wrote; empty for a non-text message. */
  text: string;
  at: string;
}

/** Where a message the service sent stands; it only moves forward: sent < delivered < read, or failed. */
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

/**
 * A channel's report on a message it accepted (whatsapp-web.js acks, Cloud API status callbacks).
 *
 * @example
 * { "channel": "cloud_api", "channelMessageId": "wamid:9f2c…", "status": "failed", "at": "2026-11-28T17:00:00.000Z", "errorCode": "CLOUD_131047" }
 */
export interface DeliveryStatusUpdate {
  channel: ContactChannel;
  channelMessageId: string;
  status: DeliveryStatus;
  at: string;
  errorCode?: string | undefined;
}

/**
 * What a channel hands over as things happen on its side. The service implements it by queueing each
 * event (sealed when it carries a number or a text) for the workers; calls resolve once queued.
 */
export interface ChannelEvents {
  /** She sent a text. */
  inbound(message: InboundMessage): Promise<void>;
  /** She sent something that is not text. */
  nonTextInbound(message: NonTextInbound): Promise<void>;
  /** A person wrote to her from the linked phone. */
  humanTookOver(event: HumanTakeover): Promise<void>;
  /** A message the service sent was delivered, read or failed. */
  deliveryStatus(update: DeliveryStatusUpdate): Promise<void>;
  /** She edited or deleted a message she had sent. */
  messageChanged(change: HerMessageChange): Promise<void>;
  /**
   * Whether a message from `from` would be taken now (its number is not over its rate limit),
   * counting nothing: a channel asks before it downloads her file, so a number flooding the service
   * with files does not make the gateway fetch each one only to drop it. Absent: always.
   */
  admits?(from: E164): Promise<boolean>;
}

/**
 * An approved WhatsApp template, used for a message that opens a conversation when the Cloud API's
 * 24-hour window is closed. The flow names it; the engine renders its parameters.
 *
 * @example
 * { "name": "acompana_saludo", "language": "es-MX", "parameters": ["Luz"] }
 */
export interface OutboundTemplate {
  name: string;
  /**
   * The language of the text the template was rendered from (her language where the text is translated
   * to it, else es-MX); the channel maps it to the template's registered language code.
   */
  language: 'es-MX' | 'en' | 'yua';
  parameters: string[];
  /**
   * Send the template whatever the channel believes about her window: set on the one retry of a text
   * WhatsApp refused because the window had closed (error 131047).
   */
  required?: boolean | undefined;
}

/** A message to send, identified so that a retry never sends it twice. */
export interface OutboundMessage {
  to: E164;
  text: string;
  /** The outbound contact's id: a channel that has already sent it must not send it again. */
  idempotencyKey: string;
  /** The template to send instead when the channel cannot send free text to her now. */
  template?: OutboundTemplate | undefined;
  /**
   * When she last wrote on this channel, as her case records it (null: never): the Cloud API sends
   * free text only within 24 hours of it.
   */
  herLastMessageAt?: Date | null | undefined;
  /**
   * A message the service initiated must start going out before this moment (the end of her safe
   * hours, less a margin), or not at all: a channel that paces its sends itself checks it when the
   * message's turn comes, and refuses with `OUTSIDE_SAFE_HOURS` (not retryable) once it has passed.
   */
  sendBy?: Date | undefined;
  /**
   * Whether the message is still to be sent: false once it was withdrawn (her "BAJA", her code word)
   * while it waited. A channel that holds messages for its own pacing asks when the message's turn
   * comes and then refuses with `WITHDRAWN` (not retryable), sending nothing.
   */
  stillWanted?: (() => Promise<boolean>) | undefined;
  /**
   * Waits for another of the sender's send slots (the number's rate limit), for a channel that makes
   * a second request for the same message: the Cloud API's template after WhatsApp refused the text.
   * Absent when the sender paces nothing.
   */
  awaitAnotherTurn?: (() => Promise<void>) | undefined;
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
  /**
   * Connects a channel that holds a live connection (whatsapp-web.js) and hands what arrives to
   * `events`. Resolves once connecting is under way, not when it is ready (see {@link health}).
   * Channels fed by HTTP (simulator, Cloud API webhooks) have no `start`.
   */
  start?(events: ChannelEvents): Promise<void>;
  /** Releases connections and browsers. */
  close(): Promise<void>;
}

/**
 * Other addresses a channel knows her by (a WhatsApp `@lid`), mapped to her number. Stored as keyed
 * hashes, so a lookup only finds numbers of survivors the service already knows.
 */
export interface ChannelIdentityStore {
  /** Records that `externalId` on `channel` is `phone` (idempotent). */
  remember(channel: ContactChannel, externalId: string, phone: E164): Promise<void>;
  /** Her number for `externalId`, when it was remembered and belongs to a known survivor. */
  phoneFor(channel: ContactChannel, externalId: string): Promise<E164 | null>;
}

/** Outcome of applying a delivery status to the contact it is about. */
export type DeliveryStatusOutcome =
  | { kind: 'updated'; contactId: string; caseId: string | null }
  | { kind: 'unchanged'; contactId: string }
  | { kind: 'unknown' };

/** Where delivery statuses land: `Contact.status` of the outbound contact with that channel message id. */
export interface DeliveryStatusStore {
  /** Moves the contact's status forward only (sent < delivered < read; failed before delivery); `unknown` when no contact has that id yet. */
  apply(update: DeliveryStatusUpdate): Promise<DeliveryStatusOutcome>;
}

/** Where a gateway hands inbound messages: the inbound queue. */
export interface InboundSink {
  /** Accepts a message for processing; the same channel message id is processed once. */
  accept(message: InboundMessage): Promise<void>;
}

/** Where use cases put outbound contacts to be sent, in order. */
export interface OutboundDispatcher {
  /**
   * Schedules the sending of these outbound contacts, in the order given, once. `written` is what the
   * caller that just wrote them, claimed, knows of each (in the same order), so a sender in this
   * process neither reads nor claims them again; a dispatcher that queues them ignores it.
   */
  dispatch(batchKey: string, contactIds: readonly string[], written?: readonly ClaimedOutbound[]): Promise<void>;
  /**
   * Whether it sends `written` contacts itself, in this process, as soon as they are dispatched: then
   * the turn writes them already claimed (`sending`, see {@link CaseConversation.recordOutbound}).
   * A dispatcher that queues them leaves them `queued`, for the queued send to claim.
   */
  readonly sendsWritten?: boolean;
}

/**
 * Spaces sends out to a channel's rate (the Cloud API's messages per second per business number),
 * shared by every process sending from that number.
 */
export interface SendPacer {
  /** Resolves when the next message may go out; each call takes one turn. */
  awaitTurn(): Promise<void>;
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
  /** Keyed hash of the code word she agreed with her psychologist, if any. */
  codeWordHash: string | null;
  /** She opted out and has not written since. */
  optedOut: boolean;
}

/** Why a case now needs a person, as raised by an interrupt or a flow's handoff. */
export interface PersonRequest {
  urgency: 'urgent' | 'normal';
  /** Plain words for the inbox, no personal data. */
  reason: string;
  /** The alert's kind: `who_is_writing` when someone asked who writes (not a request of hers the reports count). */
  kind: 'emergency_word' | 'code_word' | 'handoff' | 'who_is_writing';
}

/** What {@link CaseConversation.callPerson} did: the alert raised, and the staff member holding the chat, if any. */
export interface PersonCall {
  alertId: string;
  heldById: string | null;
}

/** Who talks with her now: the bot answers only when this is `bot`. */
export type Attention = 'bot' | 'waiting_person' | 'with_person' | 'stopped';

/** A stored flow session, as the engine left it. */
export interface StoredSession {
  id: string;
  flowId: string;
  state: unknown;
}

/** What a unit of work writes of a flow session ({@link CaseConversation.saveSession}). */
export interface SessionWrite {
  /** The session to update; without it a new session starts and replaces the one waiting, if any. */
  id?: string | undefined;
  flowId: string;
  state: unknown;
  ended: boolean;
  outcome?: string | undefined;
  /** When the question the session now waits on times out (`TurnResult.timeoutAt`); `null`: never, or it ended. */
  timeoutAt: Date | null;
}

/** A question's timeout that is due: the session still waits on it at `at` or earlier. */
export interface DueTimeout {
  caseId: string;
  sessionId: string;
  at: Date;
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
  /** The approved template the channel may send instead when free text cannot reach her. */
  template?: OutboundTemplate | undefined;
}

/** Something a person must look at, raised with the case. */
export interface NewAlert {
  kind:
    | 'handoff'
    | 'emergency_word'
    | 'code_word'
    | 'missed_checkins'
    | 'delivery_failed'
    | 'risk_signal'
    | 'no_consent'
    | 'file_to_review'
    | 'slot_taken'
    | 'hours_request';
  urgency: 'normal' | 'urgent';
  /** Plain words for the inbox, with no personal data. */
  reason: string;
}

/** What decides whether and when she may be contacted, read with the case's lock held. */
export interface CaseContactState {
  caseOpen: boolean;
  attention: 'bot' | 'waiting_person' | 'with_person' | 'stopped';
  followUpConsent: boolean;
  /** Her newest video-call consent decision is a yes (sessions, their invitations and reminders). */
  videoCallConsent: boolean;
  optedOut: boolean;
  hasPhone: boolean;
  /** Her stored safe hours (validated by the caller), or null. */
  safeHours: unknown;
  alias: string;
  language: 'es-MX' | 'en' | 'yua';
  missedInARow: number;
}

/** The writes of one conversation turn, done under the case's lock and committed together. */
export interface CaseConversation {
  /** Records her message; `null` when that channel message id was already recorded. */
  recordInbound(message: InboundMessage, sessionId: string | null): Promise<{ contactId: string } | null>;
  /** The session waiting for her answer, if any. */
  activeSession(): Promise<StoredSession | null>;
  /** Who talks with her now, read under the lock (a takeover may have just happened). */
  attention(): Promise<Attention>;
  /**
   * Whether the message the channel knows as `channelMessageId` was sent to her in this case and she
   * has written nothing since: what a reaction of hers may answer.
   */
  sentSinceHerLastMessage(channel: ContactChannel, channelMessageId: string): Promise<boolean>;
  /**
   * The newest message of flow session `sessionId` sent to her (the question it waits at): its
   * delivery status and when it last changed (sent, delivered, read); `null` when it has none.
   */
  lastSessionMessage(sessionId: string): Promise<{ status: string; statusAt: Date } | null>;
  /**
   * Whether and how she may be contacted, read under the lock: a message the service starts (a
   * question's timeout, a reminder) decides on it here, so a withdrawal or an opt-out committed while
   * it waited for the lock is seen.
   */
  contactState(): Promise<CaseContactState>;
  /** Creates or updates the flow session, with when its question times out; returns its id. */
  saveSession(write: SessionWrite): Promise<string>;
  /** When the session's question times out, read under the lock; `null` when no timeout waits. */
  timeoutDueAt(sessionId: string): Promise<Date | null>;
  /** Moves the session's question timeout to `at` (her next safe moment), or drops it with `null`. */
  moveTimeout(sessionId: string, at: Date | null): Promise<void>;
  /**
   * Records outbound messages caused by `causeId`, queued on `channel`; returns their ids in order.
   * `claimed`: written already `sending`, for a caller whose dispatcher sends them itself right after
   * the commit ({@link OutboundDispatcher.sendsWritten}), so the send need not claim them again.
   */
  recordOutbound(causeId: string, channel: ContactChannel, messages: readonly NewOutboundContact[], options?: { claimed?: boolean }): Promise<string[]>;
  /** Records a non-text message she sent, by kind; `null` when that channel message id was already recorded. */
  recordNonTextInbound(message: NonTextInbound): Promise<{ contactId: string } | null>;
  /** Records what a person wrote from the linked phone as a sent staff message; `null` when already recorded. */
  recordTakeover(event: HumanTakeover): Promise<{ contactId: string } | null>;
  /** Sets who talks with her now, with the reason shown in the inbox. */
  setAttention(change: { attention: Attention; reason: string; at: Date }): Promise<void>;
  /** Withdraws the bot's and the system's messages still queued (not yet claimed); returns how many. */
  cancelQueuedAutomatic(code: string, at: Date): Promise<number>;
  /** Raises an alert on the case; returns its id. */
  raiseAlert(alert: NewAlert): Promise<string>;
  /** Raises an alert on the case unless one of the same kind is still unresolved there; returns its id, or `null`. */
  raiseAlertUnlessOpen(alert: NewAlert): Promise<string | null>;
  /** Adds an entry to the audit trail about this case (no personal data in `detail`). */
  audit(entry: Omit<AuditEntry, 'subject'>): Promise<void>;
  /** Outbound contacts caused by this inbound message that are not sent yet, in order. */
  unsentFor(channel: ContactChannel, channelMessageId: string): Promise<{ causeId: string; contactIds: string[] } | null>;
  /** Ends the session waiting for her answer, if any, with `outcome`. */
  endActiveSession(outcome: string): Promise<void>;
  /** Outbound contacts caused by `causeId` (a message, a check-in) that are not sent yet, in order. */
  unsentCausedBy(causeId: string): Promise<string[]>;
  /**
   * A person is needed, with an alert. When nobody holds the chat the case waits for one (the bot goes
   * silent); when someone does, she keeps it: the case stays `with_person`, its urgency only goes up
   * (an urgent case is never made normal again) and the reason shown is the new one. Returns the alert
   * id and who holds the chat (to tell her at once), or `null`.
   */
  callPerson(request: PersonRequest, at: Date): Promise<PersonCall>;
  /**
   * Outbound messages of the case not sent yet, queued or claimed by a sender that has not sent them
   * (waiting for its pacing, a retry, or left by a crash), are withdrawn (failed with `code`); returns
   * how many.
   */
  withdrawUnsent(code: string, at: Date): Promise<number>;
  /** Records that she opted out (`at`) or, with `null`, that she wrote again. */
  setOptedOut(at: Date | null): Promise<void>;
  /** Her message answers the check-in she was sent, if one is open: it becomes `answered`, misses reset. */
  markCheckInAnswered(at: Date): Promise<string | null>;
  /**
   * The fields flows stored on the case and her next session still to happen (ending after `now`, the
   * turn's clock), for the flow's context.
   */
  caseFields(now: Date): Promise<CaseFieldsSnapshot>;
  /** Stores case fields a flow set (merged over the stored ones; encrypted at rest). */
  setCaseFields(changes: StoredCaseFields): Promise<void>;
  /**
   * Records the named results a turn saved, for reports: flow, name and category only, never her
   * words; `at` is the turn's moment. Nothing is written when there are none.
   */
  recordResults(results: readonly SavedResult[], at: Date): Promise<void>;
  /**
   * Records, once, that a session's message went out (reminders, link); false if already recorded,
   * or, given `startsAt`, if the session is no longer active at that start (cancelled or moved while
   * the reminder waited for the case's lock).
   */
  markAppointmentSent(appointmentId: string, what: 'reminderDaySentAt' | 'reminderHourSentAt' | 'linkSentAt', at: Date, startsAt?: Date): Promise<boolean>;
  /**
   * Applies her answer to a session of this case: its status moves only from an active one; `startsAt`
   * and `endsAt` move it too (the database refuses an overlap: `false`). Returns whether it changed.
   */
  updateAppointment(appointmentId: string, change: { status: 'confirmed' | 'cancelled' | 'rescheduled'; startsAt?: Date; endsAt?: Date }): Promise<boolean>;
}

/** Persistence of conversations: who a number is, and each turn under a per-case lock. */
export interface ConversationStore {
  /** The open case with this number, if any. */
  findRecipient(phone: E164): Promise<Recipient | null>;
  /** Runs `work` in one transaction holding the case's lock: turns of one case never interleave. */
  withCase<T>(caseId: string, work: (conversation: CaseConversation) => Promise<T>): Promise<T>;
  /**
   * Marks her message `change.of` (received on `change.channel`, on a case of the number that sent the
   * change, or kept for review under that number: `caseId` null) edited, with its new text encrypted,
   * or deleted; `null` when there is no such message of hers (another number's, one retention
   * removed, one never received). Idempotent.
   */
  markHerMessageChanged(change: HerMessageChange): Promise<{ caseId: string | null; contactId: string } | null>;
  /**
   * {@link findRecipient} and {@link withCase} for the message she sent, in one: who she is is read
   * once her open case is locked, and `work` runs with her and the case's conversation. `null`, with
   * nothing run, when her number has no open case.
   */
  withRecipientCase<T>(
    message: { from: E164; channel: ContactChannel; channelMessageId: string },
    work: (recipient: Recipient, conversation: CaseConversation) => Promise<T>,
  ): Promise<{ recipient: Recipient; result: T } | null>;
  /**
   * Records a message from a number without a case, keeping it for review (a new message makes the
   * number unreviewed again; `emergency`: it named an emergency word, and is listed first; `risk`: it
   * holds a risk signal, listed next). Returns the
   * outbound reply contact ids to send (empty when she was already answered within `replyEvery`, or on
   * a duplicate).
   */
  recordUnknownInbound(
    message: InboundMessage | NonTextInbound,
    reply: { text: string; everyMs: number; now: Date; emergency?: boolean; risk?: boolean },
  ): Promise<{ causeId: string; contactIds: string[] }>;
  /**
   * Marks the number without a case that sent an edit holding a risk signal as needing a person's
   * look again, listed after the emergencies (as {@link recordUnknownInbound} with `risk`). False when
   * no number without a case has that phone.
   */
  flagUnknownSenderRisk(phone: E164, at: Date): Promise<boolean>;
  /**
   * Up to `limit` question timeouts of waiting sessions due at `now` or before, the earliest first,
   * leaving out the sessions in `skip`. Read without a lock: each is checked again under its case's.
   */
  dueTimeouts(now: Date, limit: number, skip: readonly string[]): Promise<DueTimeout[]>;
}

/** An outbound contact ready to go: decrypted destination and text. */
export interface ClaimedOutbound {
  id: string;
  caseId: string | null;
  /** The check-in that started this conversation, when the message was initiated by one (not a reply). */
  checkInId: string | null;
  /**
   * Whether the service initiated it (a check-in, a session reminder, a resumed question), rather than
   * answering a message of hers or a person writing: such a message goes only inside her safe hours,
   * retries included. A reply that could not go out within `REPLY_FRESH_MS` of when she wrote counts as
   * initiated too (`src/app/reply-freshness.ts`), and so does a person's message still waiting to go
   * `REPLY_FRESH_MS` after it was written.
   */
  initiated: boolean;
  to: E164;
  text: string;
  /** The template to use when free text cannot be sent, if the flow named one. */
  template?: OutboundTemplate | undefined;
  /** When she last wrote to the case on the contact's channel (null: never or no case). */
  lastInboundAt?: Date | null | undefined;
}

/** The outbox: outbound contacts move queued → sending → sent or failed. */
export interface OutboxStore {
  /** Marks the contact `sending` and returns it; `null` when it is already sent or failed. */
  claim(contactId: string): Promise<ClaimedOutbound | null>;
  /**
   * {@link claim} for several contacts at once, in one step: those still to send (queued, or left
   * `sending` by a sender that stopped), in the order given; the others are left out.
   */
  claimAll(contactIds: readonly string[]): Promise<ClaimedOutbound[]>;
  /** Puts contacts claimed but not sent back to `queued` (so a withdrawal still reaches them). */
  release(contactIds: readonly string[]): Promise<void>;
  /** Records the channel's acceptance. */
  markSent(contactId: string, receipt: SendReceipt, at: Date): Promise<void>;
  /** {@link markSent} for several contacts at once, in one step. */
  markAllSent(sent: readonly { contactId: string; receipt: SendReceipt }[], at: Date): Promise<void>;
  /** Records a definitive failure with the channel's error code. */
  markFailed(contactId: string, code: string, at: Date): Promise<void>;
  /** Whether a claimed contact is still to be sent: false once it was sent, or withdrawn (failed) while it waited. */
  stillToSend(contactId: string): Promise<boolean>;
}

/**
 * Something staff screens should refresh for, published after the change is committed.
 *
 * @example
 * { "type": "contact_added", "caseId": "0193…", "contactId": "0193…" }
 * { "type": "attention_changed", "caseId": "0193…" }
 * { "type": "appointment_changed", "caseId": "0193…", "appointmentId": "0193…" }
 */
export type CaseEvent =
  | { type: 'contact_added'; caseId: string; contactId: string }
  | { type: 'contact_status'; caseId: string; contactId: string }
  | { type: 'attention_changed'; caseId: string }
  | { type: 'alert_raised'; caseId: string | null; alertId: string }
  /** An alert was raised on a chat `staffId` holds: her screens tell her at once, wherever she is. */
  | { type: 'holder_alerted'; caseId: string; alertId: string; staffId: string }
  | { type: 'appointment_changed'; caseId: string; appointmentId: string }
  /** A number without an open case wrote: coordinators' screens count those to review again. */
  | { type: 'unknown_number'; caseId: null };

/** Where use cases announce changes, for live screens (the console's inbox and chat). Never personal data. */
export interface CaseEventBus {
  publish(event: CaseEvent): Promise<void>;
  /** Calls `listener` for every event published by any process; returns a function that stops it. */
  subscribe(listener: (event: CaseEvent) => void): Promise<() => Promise<void>>;
}
