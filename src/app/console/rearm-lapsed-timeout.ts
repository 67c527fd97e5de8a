import { waitingTimeoutSeconds } from '../../engine/index.js';
import type { FlowRegistry } from '../flow-registry.js';
import type { CaseConversation } from '../ports.js';
import { readableSession } from '../run-turn.js';

/**
 * The bot takes her waiting question back (a hand-back that resumes, or her last alert attended). A
 * timeout that came while a person held or was awaited on the case was dropped (or is about to be),
 * so she would wait on it for ever: it gets the question's whole time again, from `now`. One still to
 * come is left as it is.
 */
export async function rearmLapsedTimeout(conversation: CaseConversation, flows: FlowRegistry, now: Date): Promise<void> {
  const active = await conversation.activeSession();
  if (!active) return;
  const dueAt = await conversation.timeoutDueAt(active.id);
  if (dueAt !== null && dueAt.getTime() > now.getTime()) return;
  const flow = flows.get(active.flowId);
  const session = readableSession(active);
  const seconds = flow && session ? waitingTimeoutSeconds(flow, session) : undefined;
  if (seconds !== undefined) await conversation.moveTimeout(active.id, new Date(now.getTime() + seconds * 1000));
}
