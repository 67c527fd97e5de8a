import type { FieldCipher } from '../../src/privacy/field-cipher.js';
import type { TestService } from './test-service.js';
import { queuesIdle } from './queues-idle.js';

/** She writes `text` from `phone` through the simulator (channel message `id`); resolves once everything it caused has run. */
export async function writeAndSettle(t: TestService, phone: string, text: string, id: string): Promise<void> {
  const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/inbound', payload: { from: phone, text, id } });
  if (res.statusCode !== 202) throw new Error(`the simulator refused her message: ${res.statusCode} ${res.body}`);
  await queuesIdle(t.service.queues);
}

/** The service's messages to the case, oldest first: the node each came from, and its text. */
export async function sentToCase(t: TestService, cipher: FieldCipher, caseId: string): Promise<Array<[string | null, string]>> {
  const rows = await t.service.db.contact.findMany({ where: { caseId, direction: 'outbound' }, orderBy: [{ createdAt: 'asc' }, { sequence: 'asc' }] });
  return rows.map((c) => [c.nodeId, cipher.decrypt(c.textCipher!)]);
}

/** The case with its sessions and alerts, as the database holds them now. */
export function caseWithSessionsAndAlerts(t: TestService, caseId: string) {
  return t.service.db.case.findUniqueOrThrow({ where: { id: caseId }, include: { sessions: true, alerts: true } });
}
