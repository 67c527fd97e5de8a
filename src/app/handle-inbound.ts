import type { Logger } from 'pino';
import { replyIsLate } from './reply-freshness.js';
import {
  applyInterrupt,
  codeWordForms,
  detectInterrupt,
  detectFallbackInterrupt,
  INTERRUPT_OUTCOMES,
  mentionsRisk,
  onlyAcknowledges,
  type FlowEvent,
  type Interrupt,
  type InterruptKind,
  type InterruptSettings,
} from '../engine/index.js';
import type { CaseConversation, CaseEventBus, ClaimedOutbound, Clock, ConversationStore, InboundMessage, NewOutboundContact, OutboundDispatcher, Recipient } from './ports.js';
import type { FlowRegistry } from './flow-registry.js';
import { botReplies, readableSession, runTurn } from './run-turn.js';
import { applyTurnEffects, publishTurnAlerts, type TurnEffects } from './turn-effects.js';
import { caseRunContext, type LinkSettings } from './case-fields.js';
import { staffDuty, type StaffHours } from './staff-hours.js';
import { followUpTurn, type AppointmentAnswers, type TurnCheckIns } from './turn-follow-ups.js';
import { KIND_WORDS } from './handle-non-text-inbound.js';
import { crossedQuestion } from './crossed-question.js';
import { riskAlert } from './risk-alert.js';
import { hoursAlert } from './hours-alert.js';
import { noConsentAlert } from './no-consent-alert.js';

/** What {@link handleInbound} needs. */
export interface HandleInboundDeps {
  store: ConversationStore;
  dispatcher: OutboundDispatcher;
  events: CaseEventBus;
  flows: FlowRegistry;
  clock: Clock;
  log: Logger;
  /** The flow a case starts when no session is waiting. */
  startFlow: string;
  /** The one short reply a number without a case gets, and how often at most. */
  unknownReply: { text: string; everyMs: number };
  /** The deployment's interrupt words and replies (flows/ajustes.yaml). */
  settings: InterruptSettings;
  /** Keyed hash of a normalized code word, as stored in `Survivor.codeWordHash`. */
  hashCodeWord: (normalized: string) => string;
  checkIns: TurnCheckIns;
  /** How the video link is worded and when it may show (`{{cita_enlace}}`). */
  video?: LinkSettings | undefined;
  /** When a person of the unit is on duty (`STAFF_HOURS`); absent: always. */
  staffHours?: StaffHours | undefined;
  /** Her answer changed a video-call session: publish it live and re-plan its reminders. */
  appointments?: AppointmentAnswers | undefined;
}

/** How an inbound message was handled, for the worker's log and for tests. */
export type InboundOutcome =
  | { kind: 'flow'; caseId: string; sent: number }
  | { kind: 'interrupt'; caseId: string; interrupt: InterruptKind }
  | { kind: 'held_for_person'; caseId: string }
  | { kind: 'no_consent'; caseId: string }
  | { kind: 'unknown_number'; sent: number }
  | { kind: 'duplicate'; resent: number }
  | { kind: 'reaction_ignored'; caseId: string | null }
  /** Written before the question waiting for her could reach her: recorded, not an answer ({@link crossedQuestion}). */
  | { kind: 'crossed_question'; caseId: string }
  /** She only thanked or acknowledged, where the flow did not understand her or none was under way: recorded, nothing sent. */
  | { kind: 'acknowledged'; caseId: string }
  /** Her edit of an earlier message held no interrupt: it is only shown to staff, on that message. */
  | { kind: 'edit_shown'; caseId: string | null };

/** What the locked part of a turn decided. */
type TurnRecord =
  | { kind: 'duplicate'; causeId: string; contactIds: string[] }
  | { kind: 'reaction_ignored' }
  | { kind: 'edit_shown'; riskAlertId: string | null }
  | { kind: 'recorded_only'; reason: 'held_for_person' | 'no_consent' | 'crossed_question' | 'acknowledgment'; inboundId: string; alertIds: string[] }
  | {
      kind: 'answered';
      causeId: string;
      contactIds: string[];
      /** The replies as written, for a sender in this process (see `OutboundDispatcher`). */
      written: ClaimedOutbound[];
      effects: TurnEffects;
      interrupt?: InterruptKind;
    };

/**
 * The conversation turn for one message she sent: find her case and, under the case's lock, first
 * check for an interrupt (her code word, an emergency word, an opt-out word: answered whoever holds
 * the chat), else run the flow one step. Her message, the session, the replies, the named results
 * the step saved and what the turn changed on the case (waiting for a person, opted out, messages withdrawn) commit together; then the
 * replies are queued and check-ins cancelled or created. While a person holds (or is awaited on) the
 * case, the bot stays silent and only records; without her follow-up consent too, and a person is
 * asked to read her message. A caption (`captionOf`) is read like a text, and a
 * person is alerted to the file the bot did not read. A reaction (`reactionTo`: 👍 on the question) is
 * read like a text of its emoji only when {@link reactionAnswers}; otherwise nothing is recorded or
 * sent, as before reactions were read. Her edit of an earlier message (`editOf`) is acted on only when
 * it holds an interrupt, answered as if she wrote it now, or a risk signal (`riskAlert`); otherwise nothing is recorded here (the edit
 * is shown on that message: `handleHerMessageChange`). A message the question waiting for her does
 * not understand, written before she could read that question ({@link crossedQuestion}), is only
 * recorded; so is one that only acknowledges («gracias», «ok», 👍: `onlyAcknowledges`) where the
 * question does not understand it or no conversation is under way, and it leaves an opt-out standing.
 * Where the question does not understand her or none is under way, her request for a person, someone
 * asking who writes or her request for other hours (`detectFallbackInterrupt`) is answered as an
 * interrupt; a
 * request for other hours also asks a person to look at her safe hours wherever she writes it
 * (`hoursAlert`). Processing the same channel message again sends nothing new; replies a crash left unsent are
 * queued again.
 */
export async function handleInbound(deps: HandleInboundDeps, message: InboundMessage): Promise<InboundOutcome> {
  const turn = await deps.store.withRecipientCase(message, (recipient, conversation): Promise<TurnRecord> =>
    recordTurn(deps, recipient, message, conversation),
  );
  // A reaction from a number without a case answers nothing: no reply, nothing kept; nor does an
  // edit, unless it now holds an emergency word, answered as a message of that number written now. An
  // edit that now holds a risk signal lists the number for a person's look again, as a new message would.
  if (!turn && message.editOf && detectInterrupt(deps.settings, message.text, { isCodeWord: false })?.kind !== 'emergency') {
    if (mentionsRisk(deps.settings, message.text) && (await deps.store.flagUnknownSenderRisk(message.from, deps.clock.now()))) {
      await deps.events.publish({ type: 'unknown_number', caseId: null });
    }
    return { kind: 'edit_shown', caseId: null };
  }
  if (!turn) return message.reactionTo ? { kind: 'reaction_ignored', caseId: null } : handleUnknownNumber(deps, message);
  const { recipient, result: record } = turn;
  const caseId = recipient.caseId;
  switch (record.kind) {
    case 'reaction_ignored':
      deps.log.info({ caseId }, 'reaction to an earlier message: not taken as her answer');
      return { kind: 'reaction_ignored', caseId };
    case 'edit_shown':
      if (record.riskAlertId) await publishTurnAlerts(deps.events, caseId, { alertIds: [record.riskAlertId], heldById: null });
      return { kind: 'edit_shown', caseId };
    case 'duplicate':
      await deps.dispatcher.dispatch(record.causeId, record.contactIds);
      deps.log.info({ caseId, resent: record.contactIds.length }, 'duplicate inbound message');
      return { kind: 'duplicate', resent: record.contactIds.length };
    case 'recorded_only':
      await deps.events.publish({ type: 'contact_added', caseId, contactId: record.inboundId });
      await publishTurnAlerts(deps.events, caseId, { alertIds: record.alertIds, heldById: null });
      if (record.reason === 'no_consent') {
        deps.log.warn({ caseId }, 'inbound message for a case without follow-up consent: recorded, not answered');
        return { kind: 'no_consent', caseId };
      }
      if (record.reason === 'acknowledgment') {
        deps.log.info({ caseId }, 'inbound acknowledgment: recorded, nothing sent');
        return { kind: 'acknowledged', caseId };
      }
      if (record.reason === 'crossed_question') {
        deps.log.info({ caseId }, 'inbound message written before the question reached her: recorded, the question still waits');
        return { kind: 'crossed_question', caseId };
      }
      deps.log.info({ caseId }, 'inbound message for a person: recorded, bot silent');
      return { kind: 'held_for_person', caseId };
    case 'answered':
      await deps.dispatcher.dispatch(record.causeId, record.contactIds, record.written);
      await deps.events.publish({ type: 'contact_added', caseId, contactId: record.causeId });
      await followUpTurn(deps, caseId, record.effects, deps.clock.now());
      if (record.interrupt) {
        deps.log.warn({ caseId, interrupt: record.interrupt }, 'interrupt answered');
        return { kind: 'interrupt', caseId, interrupt: record.interrupt };
      }
      return { kind: 'flow', caseId, sent: record.contactIds.length };
  }
}

/**
 * Whether her reaction is her answer, read under the case's lock: it is on a message sent to her since
 * she last wrote (👍 on the question now waiting, not on yesterday's goodbye), while a flow waits for
 * her answer or a person has the chat (who then sees it). Never after she opted out or without her
 * follow-up consent: a 👍 on «ya no te enviaré mensajes» is not a wish to talk again, and a reaction
 * never starts a conversation.
 */
async function reactionAnswers(recipient: Recipient, message: InboundMessage, conversation: CaseConversation): Promise<boolean> {
  if (recipient.optedOut || !recipient.followUpConsent) return false;
  if (!(await conversation.sentSinceHerLastMessage(message.channel, message.reactionTo!))) return false;
  return (await conversation.attention()) !== 'bot' || (await conversation.activeSession()) !== null;
}

async function recordTurn(deps: HandleInboundDeps, recipient: Recipient, message: InboundMessage, conversation: CaseConversation): Promise<TurnRecord> {
  const unsent = await conversation.unsentFor(message.channel, message.channelMessageId);
  if (unsent) return { kind: 'duplicate', ...unsent };
  if (message.reactionTo && !(await reactionAnswers(recipient, message, conversation))) return { kind: 'reaction_ignored' };
  const isCodeWord = recipient.codeWordHash !== null && codeWordForms(message.text).some((form) => deps.hashCodeWord(form) === recipient.codeWordHash);
  const now = deps.clock.now();
  const interrupt = detectInterrupt(deps.settings, message.text, { isCodeWord, language: recipient.language, duty: staffDuty(deps.staffHours, now) });
  // An edit is no answer to what the bot asked since: only an interrupt or a risk signal in it is acted on.
  if (message.editOf && !interrupt) {
    const riskAlertId = mentionsRisk(deps.settings, message.text) ? await riskAlert(deps, recipient.caseId, conversation, message.text, await conversation.attention()) : null;
    return { kind: 'edit_shown', riskAlertId };
  }
  await conversation.markCheckInAnswered(now);

  if (interrupt) return answerInterrupt(deps, recipient, message, conversation, interrupt, now);

  // «gracias», «ok», 👍 (a captioned file is more than thanks): read at most once, and only where it
  // matters (after «BAJA», without consent, or where the flow does not take the message).
  let thanks: boolean | undefined;
  const onlyThanks = () => (thanks ??= !message.captionOf && onlyAcknowledges(deps.settings, message.text));
  // Writing again after «BAJA» is her choice to be written to again; a «gracias» or 👍 to its
  // confirmation is not (as a reaction to it is not).
  if (recipient.optedOut && !onlyThanks()) await conversation.setOptedOut(null);
  const attention = await conversation.attention();
  // A risk signal, or her asking for other hours, changes nothing of what follows: each adds its
  // alert to whatever the turn does.
  const riskAlertId = await riskAlert(deps, recipient.caseId, conversation, message.text, attention);
  const hoursAlertId = recipient.followUpConsent ? await hoursAlert(deps.settings, conversation, message.text, attention) : null;
  const alertIds = [riskAlertId, hoursAlertId].filter((id): id is string => id !== null);
  if (!recipient.followUpConsent || attention !== 'bot') {
    const inbound = await conversation.recordInbound(message, null);
    // Nobody answers her here: a person is asked to read what she wrote (once, until attended), unless
    // she only thanked (as a sticker asks nobody).
    if (!recipient.followUpConsent && !onlyThanks()) {
      const noConsentId = await noConsentAlert(conversation, attention);
      if (noConsentId) alertIds.push(noConsentId);
    }
    return { kind: 'recorded_only', reason: recipient.followUpConsent ? 'held_for_person' : 'no_consent', inboundId: inbound!.contactId, alertIds };
  }

  const active = await conversation.activeSession();
  const context = await caseRunContext(conversation, {
    now,
    language: recipient.language,
    alias: recipient.alias,
    deniedWords: deps.settings.denyList,
    // She is writing now, so she can read now: the flow's "inside her safe hours" branches go on.
    insideSafeHours: true,
    staffHours: deps.staffHours,
  }, deps.video);
  const turn = runTurn(deps.flows, deps.startFlow, active, message.text, context);
  const rejected = turn.events.some((e) => e.type === 'input_rejected');
  // She asks for a person where the flow would not understand her (or would start over): a person it is.
  // So does someone asking who writes (a harmless goodbye, and a person before anything else is
  // sent: it may not be her), and her asking for other hours («Va, lo tomo en cuenta»).
  if (!turn.resumed || rejected) {
    const request = detectFallbackInterrupt(deps.settings, message.text, recipient.language, context);
    if (request) {
      const record = await answerInterrupt(deps, recipient, message, conversation, request, now);
      if (record.kind === 'answered') record.effects.alertIds.push(...alertIds);
      return record;
    }
  }
  // She only thanks or acknowledges («gracias», «ok», 👍) where the flow would not understand her or
  // would start a conversation: kept on her case, nothing sent, no attempt spent, nothing started.
  if ((!turn.resumed || rejected) && onlyThanks()) {
    const inbound = await conversation.recordInbound(message, turn.resumed && active ? active.id : null);
    return { kind: 'recorded_only', reason: 'acknowledgment', inboundId: inbound!.contactId, alertIds };
  }
  // A line she wrote before she could read the question is no failed answer to it: kept, not met
  // with «no te entendí», and the question still waits (read only when the engine rejected it).
  if (active && turn.resumed && rejected && !message.captionOf) {
    if (crossedQuestion(await conversation.lastSessionMessage(active.id), new Date(message.receivedAt))) {
      const inbound = await conversation.recordInbound(message, active.id);
      return { kind: 'recorded_only', reason: 'crossed_question', inboundId: inbound!.contactId, alertIds };
    }
  }
  const sessionId = await conversation.saveSession({
    id: turn.resumed ? active?.id : undefined,
    flowId: turn.flowId,
    state: turn.session,
    ended: turn.ended,
    outcome: turn.outcome,
    timeoutAt: turn.timeoutAt,
  });
  await conversation.recordResults(turn.results, now);
  const inbound = await conversation.recordInbound(message, sessionId);
  if (!inbound) throw new Error('inbound message recorded twice under the case lock');
  const replies = botReplies(turn, sessionId);
  const contactIds = await conversation.recordOutbound(inbound.contactId, message.channel, replies, { claimed: deps.dispatcher.sendsWritten === true });
  const effects = await applyTurnEffects(conversation, turn.events, now);
  // The bot read her caption, never her file: a person is told there is one to look at (a screenshot
  // of his messages, an injury), while the conversation goes on.
  if (message.captionOf) {
    effects.alertIds.push(
      await conversation.raiseAlert({ kind: 'file_to_review', urgency: 'normal', reason: `Envió ${KIND_WORDS[message.captionOf]} con texto; el bot solo leyó el texto: revisa el archivo.` }),
    );
  }
  effects.alertIds.push(...alertIds);
  return { kind: 'answered', causeId: inbound.contactId, contactIds, written: repliesAsWritten(recipient, message, contactIds, replies, now), effects };
}

/**
 * Answers an interrupt (or her request for a person) under the case's lock: the waiting session ends
 * as the interrupt ends it, her message is recorded on it, the interrupt's reply is queued and its
 * effects (a person called, what was pending withdrawn, the opt-out) applied.
 */
async function answerInterrupt(
  deps: HandleInboundDeps,
  recipient: Recipient,
  message: InboundMessage,
  conversation: CaseConversation,
  interrupt: Interrupt,
  now: Date,
): Promise<TurnRecord> {
  const active = await conversation.activeSession();
  // A session this engine cannot read (another release's) must not stop her code word or "BAJA":
  // it ends as the interrupt would have ended it, and the interrupt is answered all the same.
  const readable = active ? readableSession(active) : null;
  if (active && !readable) await conversation.endActiveSession(INTERRUPT_OUTCOMES[interrupt.kind]);
  const applied = applyInterrupt(interrupt, readable, { now: now.toISOString() });
  if (active && applied.session) {
    await conversation.saveSession({
      id: active.id,
      flowId: active.flowId,
      state: applied.session,
      ended: true,
      outcome: applied.session.status === 'ended' ? applied.session.outcome : undefined,
      timeoutAt: null,
    });
  }
  const inbound = await conversation.recordInbound(message, active?.id ?? null);
  if (!inbound) throw new Error('inbound message recorded twice under the case lock');
  const effects = await applyTurnEffects(conversation, applied.events, now);
  const replies: NewOutboundContact[] = applied.events.flatMap((e, sequence) =>
    e.type === 'message' ? [{ text: e.text, author: 'system' as const, nodeId: e.node, sequence }] : [],
  );
  const contactIds = await conversation.recordOutbound(inbound.contactId, message.channel, replies, { claimed: deps.dispatcher.sendsWritten === true });
  const written = repliesAsWritten(recipient, message, contactIds, replies, now);
  return { kind: 'answered', causeId: inbound.contactId, contactIds, written, effects, interrupt: interrupt.kind };
}

/**
 * The replies to her message as a claim would read them back (written claimed when the dispatcher
 * sends them itself): to her number, answering her (not initiated by the service, so not held to her
 * safe hours) unless her message was written too long before `now` ({@link replyIsLate}: handed over
 * late), her last message on the channel being this one (a lower bound: on the Cloud API an older
 * time can only choose the template).
 */
function repliesAsWritten(
  recipient: Recipient,
  message: InboundMessage,
  contactIds: readonly string[],
  replies: readonly NewOutboundContact[],
  now: Date,
): ClaimedOutbound[] {
  const initiated = replyIsLate(new Date(message.receivedAt), now);
  return contactIds.map((id, i) => ({
    id,
    caseId: recipient.caseId,
    checkInId: null,
    initiated,
    to: message.from,
    text: replies[i]!.text,
    template: replies[i]!.template,
    lastInboundAt: new Date(message.receivedAt),
  }));
}

/**
 * A number with no case: recorded for the coordinators' review (*Números sin caso*, an emergency
 * word listed first, then a risk signal: nothing else is answered for one) and answered at most once per period, with the
 * neutral `UNKNOWN_NUMBER_REPLY`. An emergency word (she writes from another phone, or her follow-up
 * has ended) gets the emergency reply instead, every time: what to do now, as any survivor would.
 */
async function handleUnknownNumber(deps: HandleInboundDeps, message: InboundMessage): Promise<InboundOutcome> {
  const now = deps.clock.now();
  const interrupt = detectInterrupt(deps.settings, message.text, { isCodeWord: false, duty: staffDuty(deps.staffHours, now) });
  const reply = interrupt?.kind === 'emergency' ? { text: interrupt.reply, everyMs: 0, emergency: true } : deps.unknownReply;
  const { causeId, contactIds } = await deps.store.recordUnknownInbound(message, {
    ...reply,
    now,
    ...(interrupt?.kind !== 'emergency' && mentionsRisk(deps.settings, message.text) ? { risk: true } : {}),
  });
  await deps.dispatcher.dispatch(causeId, contactIds);
  await deps.events.publish({ type: 'unknown_number', caseId: null });
  deps.log.info({ contactId: causeId, replies: contactIds.length }, 'inbound message from a number without a case');
  return { kind: 'unknown_number', sent: contactIds.length };
}
