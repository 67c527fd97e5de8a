import type { CaseEventBus } from '../../src/app/ports.js';
import type { Database } from '../../src/persistence/database.js';

/**
 * Puts a case in the state the emergency-word interrupt leaves it in (its contract: waiting for a
 * person, urgent, a reason and since when, an urgent `emergency_word` alert, `attention_changed` and
 * `alert_raised` published). For route tests that need an urgent case without going through the
 * pipeline; the browser test uses the real interrupt.
 */
export async function markUrgent(
  db: Database,
  events: CaseEventBus,
  caseId: string,
  options: { reason?: string; since?: Date } = {},
): Promise<string> {
  const since = options.since ?? new Date();
  const reason = options.reason ?? 'Palabra de emergencia';
  await db.case.update({
    where: { id: caseId },
    data: { attention: 'waiting_person', urgency: 'urgent', attentionReason: reason, attentionSince: since },
  });
  const alert = await db.alert.create({
    data: { caseId, kind: 'emergency_word', urgency: 'urgent', reason, createdAt: since },
    select: { id: true },
  });
  await events.publish({ type: 'attention_changed', caseId });
  await events.publish({ type: 'alert_raised', caseId, alertId: alert.id });
  return alert.id;
}
