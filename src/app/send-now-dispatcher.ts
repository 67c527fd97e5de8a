import type { Logger } from 'pino';
import type { ClaimedOutbound, OutboundDispatcher } from './ports.js';

/**
 * The {@link OutboundDispatcher} of a process that holds a channel which sends at once (not paced):
 * the contacts are sent right away, in the job that wrote them, saving a queue hop per turn; a turn's
 * replies come written already claimed (`sending`), saving a statement too. Should
 * the send stop (the channel failed for now, PostgreSQL or Redis hiccuped), `queued` takes them over:
 * the queued send claims what is left (contacts already sent are skipped, one left `sending` goes out
 * again under the same idempotency key, so nothing is sent twice). Should the process die instead, the
 * job that wrote them is retried and finds them unsent.
 */
export function sendNowDispatcher(deps: {
  send: (contactIds: readonly string[], written?: readonly ClaimedOutbound[]) => Promise<unknown>;
  queued: OutboundDispatcher;
  log: Logger;
}): OutboundDispatcher {
  return {
    sendsWritten: true,
    async dispatch(batchKey, contactIds, written) {
      if (contactIds.length === 0) return;
      try {
        await deps.send(contactIds, written);
      } catch (error) {
        deps.log.warn({ batchKey, code: (error as { code?: unknown } | null)?.code ?? 'UNEXPECTED' }, 'replies not sent at once: queued');
        await deps.queued.dispatch(batchKey, contactIds);
      }
    },
  };
}
