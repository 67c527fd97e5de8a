import { expect } from 'vitest';
import type { Database } from '../../src/persistence/database.js';

/**
 * Asserts the state a follow-up opened again is left in, by either way of opening it (the case page,
 * or the review of numbers without a case): open, its ending cleared, waiting for a person nobody
 * holds yet, for `reason`, with `urgency`.
 */
export async function expectReopened(db: Database, caseId: string, expected: { reason: string; urgency: 'normal' | 'urgent' }): Promise<void> {
  expect(await db.case.findUniqueOrThrow({ where: { id: caseId } })).toMatchObject({
    status: 'open',
    closedAt: null,
    outcome: null,
    attention: 'waiting_person',
    heldById: null,
    urgency: expected.urgency,
    attentionReason: expected.reason,
  });
}
