import type { Database } from './database.js';
import type { PrivacyTools } from './conversation-store.js';
import type { FloodAlerts } from '../app/flood-guard.js';

/** The Prisma implementation of {@link FloodAlerts}: the alert names her open case when there is one. */
export function prismaFloodAlerts(db: Database, privacy: PrivacyTools): FloodAlerts {
  return {
    async raise(phone, reason) {
      const survivor = await db.survivor.findUnique({
        where: { phoneHash: privacy.hashPhone(phone) },
        select: { cases: { where: { status: 'open' }, orderBy: { createdAt: 'desc' }, take: 1, select: { id: true } } },
      });
      const caseId = survivor?.cases[0]?.id ?? null;
      const alert = await db.alert.create({ data: { caseId, kind: 'rate_limited', urgency: 'normal', reason }, select: { id: true } });
      return { alertId: alert.id, caseId };
    },
  };
}
