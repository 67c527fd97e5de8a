import { handleInbound, type HandleInboundDeps, type InboundOutcome } from './handle-inbound.js';
import type { HerMessageChange } from './ports.js';

/** How a change of hers was handled, for the worker's log and for tests. */
export type HerChangeOutcome =
  /** No message of hers by that id, on a case of that number or kept under it: nothing changed. */
  | { kind: 'change_ignored' }
  /** Marked on her message, for staff; an edit holding an interrupt was answered too (`turn`). */
  | { kind: 'change_shown'; caseId: string | null; change: 'edited' | 'deleted'; turn?: InboundOutcome };

/**
 * She edited, or deleted for everyone, a message she had sent: the message is marked on her case
 * (edited, with its new text; or deleted: the record keeps it, since the unit's file is not her
 * phone) and staff's screens are told; or on her number's messages kept for review when she has no
 * case (shown on *Números sin caso*). Nothing is sent her for it, and an edit is no answer to what the
 * bot asked since; but an edit that now holds an emergency word, her code word or an opt-out is
 * answered as if she wrote it now ({@link handleInbound} with `editOf`; without a case, only an
 * emergency word). A change of a message no case or number of hers holds changes nothing.
 */
export async function handleHerMessageChange(deps: HandleInboundDeps, change: HerMessageChange): Promise<HerChangeOutcome> {
  const marked = await deps.store.markHerMessageChanged(change);
  const kind = change.editedText === undefined ? 'deleted' : 'edited';
  if (!marked) {
    deps.log.info({ change: kind }, 'change of a message the cases do not hold: ignored');
    return { kind: 'change_ignored' };
  }
  // A case's page is live; a number without a case is read on its review page when opened.
  if (marked.caseId !== null) await deps.events.publish({ type: 'contact_status', caseId: marked.caseId, contactId: marked.contactId });
  deps.log.info({ caseId: marked.caseId, change: kind }, 'her message changed on her phone: shown to staff');
  if (change.editedText === undefined || change.editedText.trim() === '') return { kind: 'change_shown', caseId: marked.caseId, change: kind };
  const turn = await handleInbound(deps, {
    channel: change.channel,
    channelMessageId: change.channelMessageId,
    from: change.from,
    text: change.editedText,
    receivedAt: change.at,
    editOf: change.of,
  });
  return { kind: 'change_shown', caseId: marked.caseId, change: kind, ...(turn.kind === 'edit_shown' ? {} : { turn }) };
}
