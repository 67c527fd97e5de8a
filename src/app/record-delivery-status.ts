import type { CaseEventBus, DeliveryStatusOutcome, DeliveryStatusStore, DeliveryStatusUpdate } from './ports.js';

/**
 * Applies a channel's report on a message it sent (delivered, read, failed) to the contact, never
 * moving it backwards, and tells live screens. A failure is then handed to `onFailed` (a person must
 * learn of it; see delivery-failures/). `unknown` means no contact carries that channel message id
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
  if (outcome.kind === 'updated' && update.status === 'failed' && deps.onFailed) await deps.onFailed(outcome.contactId);
  return outcome;
}
