import type { CaseEventBus, DeliveryStatusOutcome, DeliveryStatusStore, DeliveryStatusUpdate } from './ports.js';

/**
 * Applies a channel's report on a message it sent (delivered, read, failed) to the contact, never
 * moving it backwards, and tells live screens. `unknown` means no contact carries that channel message
 * id yet: the report may have overtaken the send's own bookkeeping, so the caller may try again.
 */
export async function recordDeliveryStatus(
  deps: { statuses: DeliveryStatusStore; events: CaseEventBus },
  update: DeliveryStatusUpdate,
): Promise<DeliveryStatusOutcome> {
  const outcome = await deps.statuses.apply(update);
  if (outcome.kind === 'updated' && outcome.caseId) {
    await deps.events.publish({ type: 'contact_status', caseId: outcome.caseId, contactId: outcome.contactId });
  }
  return outcome;
}
