import type { Logger } from 'pino';
import type {
  CaseEventBus,
  Clock,
  ConversationStore,
  InboundMessage,
  OutboundDispatcher,
  Recipient,
} from './ports.js';
import type { FlowRegistry } from './flow-registry.js';
import { botReplies, runTurn } from './run-turn.js';

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
}

/** How an inbound message was handled, for the worker's log and for tests. */
export type InboundOutcome =
  | { kind: 'flow'; caseId: string; sent: number }
  | { kind: 'held_for_person'; caseId: string }
  | { kind: 'no_consent'; caseId: string }
  | { kind: 'unknown_number'; sent: number }
  | { kind: 'duplicate'; resent: number };

/** What the locked part of a turn decided. */
type TurnRecord =
  | { kind: 'duplicate'; causeId: string; contactIds: string[] }
  | { kind: 'recorded_only'; reason: 'held_for_person' | 'no_consent'; inboundId: string }
  | { kind: 'answered'; causeId: string; contactIds: string[] };

/**
 * The conversation turn for one message she sent: find her case, run the flow one step under the
 * case's lock, record her message, the session and the replies in one transaction, then queue the
 * replies. While a person holds (or is awaited on) the case, the bot stays silent and only records.
 * Processing the same channel message again sends nothing new; replies a crash left unsent are
 * queued again.
 */
export async function handleInbound(deps: HandleInboundDeps, message: InboundMessage): Promise<InboundOutcome> {
  const recipient = await deps.store.findRecipient(message.from);
  if (!recipient) return handleUnknownNumber(deps, message);

  const record = await deps.store.withCase(recipient.caseId, (conversation): Promise<TurnRecord> =>
    recordTurn(deps, recipient, message, conversation),
  );
  const caseId = recipient.caseId;
  switch (record.kind) {
    case 'duplicate':
      await deps.dispatcher.dispatch(record.causeId, record.contactIds);
      deps.log.info({ caseId, resent: record.contactIds.length }, 'duplicate inbound message');
      return { kind: 'duplicate', resent: record.contactIds.length };
    case 'recorded_only':
      await deps.events.publish({ type: 'contact_added', caseId, contactId: record.inboundId });
      if (record.reason === 'no_consent') {
        deps.log.warn({ caseId }, 'inbound message for a case without follow-up consent: recorded, not answered');
        return { kind: 'no_consent', caseId };
      }
      deps.log.info({ caseId }, 'inbound message for a person: recorded, bot silent');
      return { kind: 'held_for_person', caseId };
    case 'answered':
      await deps.dispatcher.dispatch(record.causeId, record.contactIds);
      await deps.events.publish({ type: 'contact_added', caseId, contactId: record.causeId });
      return { kind: 'flow', caseId, sent: record.contactIds.length };
  }
}

async function recordTurn(
  deps: HandleInboundDeps,
  recipient: Recipient,
  message: InboundMessage,
  conversation: Parameters<Parameters<ConversationStore['withCase']>[1]>[0],
): Promise<TurnRecord> {
  const unsent = await conversation.unsentFor(message.channel, message.channelMessageId);
  if (unsent) return { kind: 'duplicate', ...unsent };

  await conversation.markCheckInAnswered(deps.clock.now());
  const attention = await conversation.attention();
  if (!recipient.followUpConsent || attention !== 'bot') {
    const inbound = await conversation.recordInbound(message, null);
    return {
      kind: 'recorded_only',
      reason: recipient.followUpConsent ? 'held_for_person' : 'no_consent',
      inboundId: inbound!.contactId,
    };
  }

  const active = await conversation.activeSession();
  const turn = runTurn(deps.flows, deps.startFlow, active, message.text, {
    now: deps.clock.now().toISOString(),
    language: recipient.language,
    alias: recipient.alias,
  });
  const sessionId = await conversation.saveSession({
    id: turn.resumed ? active?.id : undefined,
    flowId: turn.flowId,
    state: turn.session,
    ended: turn.ended,
    outcome: turn.outcome,
  });
  const inbound = await conversation.recordInbound(message, sessionId);
  if (!inbound) throw new Error('inbound message recorded twice under the case lock');
  const contactIds = await conversation.recordOutbound(inbound.contactId, message.channel, botReplies(turn, sessionId, recipient.language));
  return { kind: 'answered', causeId: inbound.contactId, contactIds };
}

/** A number with no case: recorded for staff review and answered at most once per period. */
async function handleUnknownNumber(deps: HandleInboundDeps, message: InboundMessage): Promise<InboundOutcome> {
  const { causeId, contactIds } = await deps.store.recordUnknownInbound(message, {
    ...deps.unknownReply,
    now: deps.clock.now(),
  });
  await deps.dispatcher.dispatch(causeId, contactIds);
  deps.log.info({ contactId: causeId, replies: contactIds.length }, 'inbound message from a number without a case');
  return { kind: 'unknown_number', sent: contactIds.length };
}
