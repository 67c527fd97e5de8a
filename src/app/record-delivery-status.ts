import type { CaseEventBus, DeliveryStatusOutcome, DeliveryStatusStore, DeliveryStatusUpdate } from './ports.js';

/**
 * Applies a channel's report on a message it sent (delivered, read, failed) to the contact, never
 * moving it backwards, and tells live screens. A failure is then handed to `onFailed` (a person must
 * learn of it; see delivery-failures/), also when the contact was already failed: a job retried after
 * the status was written still hands it over, and handling it is done once. `unknown` means no contact carries that channel message id
 * yet: the report may have overtaken the send's own bookkeeping, so the caller may try again.
 */
export async function recordDeliveryStatus(
  deps: { statuses: DeliveryStatusStore; events: CaseEventBus; onFailed?: (contactId: string) => Promise<unknown> },
  update: DeliveryStatusUpdate,
): Promise<DeliveryStatusOutcome> {
  const outcome = await deps.statuses.apply(update);
  if (outcome.kind === 'updated' && outcome.caseId) {
    await deps.events.publish({ type: 'contact_status', caseId: outcome.caseId, contactId: outcome.contactId });
  }
  // Also when unchanged: a job retried after the status was written still hands the failure over
  // (handling it is idempotent, see delivery-failures/).
  if (update.status === 'failed' && deps.onFailed && outcome.kind !== 'unknown') await deps.onFailed(outcome.contactId);
  return outcome;
}
