import type { Logger } from 'pino';
import type { Clock, ConversationStore, InboundMessage, NewOutboundContact, OutboundDispatcher, Recipient } from './ports.js';
import type { FlowRegistry } from './flow-registry.js';
import { runTurn } from './run-turn.js';

/** What {@link handleInbound} needs. */
export interface HandleInboundDeps {
  store: ConversationStore;
  dispatcher: OutboundDispatcher;
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
  | { kind: 'no_consent'; caseId: string }
  | { kind: 'unknown_number'; sent: number }
  | { kind: 'duplicate'; resent: number };

/**
 * The conversation turn for one message she sent: find her case, run the flow one step under the
 * case's lock, record her message, the session and the replies in one transaction, then queue the
 * replies. Processing the same channel message again sends nothing new; replies a crash left unsent
 * are queued again.
 */
export async function handleInbound(deps: HandleInboundDeps, message: InboundMessage): Promise<InboundOutcome> {
  const recipient = await deps.store.findRecipient(message.from);
  if (!recipient) return handleUnknownNumber(deps, message);

  const result = await deps.store.withCase(recipient.caseId, async (conversation) => {
    const unsent = await conversation.unsentFor(message.channel, message.channelMessageId);
    if (unsent) return { duplicate: true as const, ...unsent };

    if (!recipient.followUpConsent) {
      await conversation.recordInbound(message, null);
      return { duplicate: false as const, noConsent: true as const, causeId: '', contactIds: [] as string[] };
    }

    const active = await conversation.activeSession();
    const turn = runTurn(deps.flows, deps.startFlow, active, message.text, contextFor(recipient, deps.clock));
    const sessionId = await conversation.saveSession({
      id: turn.resumed ? active?.id : undefined,
      flowId: turn.flowId,
      state: turn.session,
      ended: turn.ended,
      outcome: turn.outcome,
    });
    const inbound = await conversation.recordInbound(message, sessionId);
    if (!inbound) throw new Error('inbound message recorded twice under the case lock');
    const replies: NewOutboundContact[] = turn.messages.map((m, sequence) => ({
      text: m.text,
      author: 'bot',
      flowId: turn.flowId,
      nodeId: m.node,
      sessionId,
      sequence,
    }));
    const contactIds = await conversation.recordOutbound(inbound.contactId, message.channel, replies);
    return { duplicate: false as const, noConsent: false as const, causeId: inbound.contactId, contactIds };
  });

  if (result.contactIds.length > 0) await deps.dispatcher.dispatch(result.causeId, result.contactIds);
  if (result.duplicate) {
    deps.log.info({ caseId: recipient.caseId, resent: result.contactIds.length }, 'duplicate inbound message');
    return { kind: 'duplicate', resent: result.contactIds.length };
  }
  if (result.noConsent) {
    deps.log.warn({ caseId: recipient.caseId }, 'inbound message for a case without follow-up consent: recorded, not answered');
    return { kind: 'no_consent', caseId: recipient.caseId };
  }
  return { kind: 'flow', caseId: recipient.caseId, sent: result.contactIds.length };
}

/** A number with no case: recorded for staff review and answered at most once per period. */
async function handleUnknownNumber(deps: HandleInboundDeps, message: InboundMessage): Promise<InboundOutcome> {
  const { causeId, contactIds } = await deps.store.recordUnknownInbound(message, {
    ...deps.unknownReply,
    now: deps.clock.now(),
  });
  if (contactIds.length > 0) await deps.dispatcher.dispatch(causeId, contactIds);
  deps.log.info({ contactId: causeId, replies: contactIds.length }, 'inbound message from a number without a case');
  return { kind: 'unknown_number', sent: contactIds.length };
}

function contextFor(recipient: Recipient, clock: Clock) {
  return { now: clock.now().toISOString(), language: recipient.language, alias: recipient.alias };
}
