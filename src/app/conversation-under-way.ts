import type { CaseConversation } from './ports.js';
import { readableSession } from './run-turn.js';

/**
 * Whether a session waits for her answer that should still hold back a conversation the service
 * would start (a check-in, a video-call reminder), read under the case's lock. It does while one of
 * its questions may still time out, or while her last turn is more recent than `idleMs`. A session she
 * left unanswered for longer, with nothing left to time out (a question without a timeout), is over
 * in all but name: what the service starts replaces it (`saveSession` ends it as `reemplazada`)
 * instead of waiting for ever for an answer that will not come.
 */
export async function conversationUnderWay(conversation: CaseConversation, now: Date, idleMs: number): Promise<boolean> {
  const active = await conversation.activeSession();
  if (!active) return false;
  if ((await conversation.timeoutDueAt(active.id)) !== null) return true;
  // A session this engine cannot read cannot go on either: her next message starts afresh too.
  const session = readableSession(active);
  return session !== null && now.getTime() - Date.parse(session.updatedAt) < idleMs;
}
