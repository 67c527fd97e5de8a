import type { PeriodCounts, ReportCountsSource } from '../../app/records/ports.js';
import type { Database } from '../database.js';
import { UNIT_TIME_ZONE } from '../../engine/index.js';

/**
 * The Prisma implementation of {@link ReportCountsSource}. What each figure counts, all within
 * `[start, end)`:
 * - interventions by `occurredAt`, split by service, line of attention and channel;
 * - BANAVIM: cases with an intervention in the period whose record is `registered` (whenever it was);
 * - check-ins by `sentAt`: sent (not those WhatsApp reported undelivered), and of those answered and missed;
 * - handoffs: `Alert` rows of kind `handoff` by `createdAt`, grouped by the local weekday and minute
 *   they were raised at (America/Cancun); their total is the sum of the groups;
 * - video sessions: `Contact` rows on the `video` channel by `createdAt`, except failed ones;
 * - named results: `FlowResult` rows by `createdAt`, grouped by name and category.
 * All of it is read in one snapshot. None of it reads a ciphertext, so retention (which removes texts, never rows) leaves every figure as it was.
 */
export function prismaReportCounts(db: Database): ReportCountsSource {
  return {
    async counts({ start, end }): Promise<PeriodCounts> {
      const within = { gte: start, lt: end };
      const interventions = { occurredAt: within };
      // One transaction at REPEATABLE READ: every figure reads the same snapshot, so an import or a
      // turn committing meanwhile cannot make them disagree (a total that is not the sum of its parts,
      // in a bulletin that is kept).
      const [total, byService, byLine, byChannel, banavim, sent, answered, missed, handoffMinutes, video, results] = await db.$transaction(async (tx) => Promise.all([
        tx.intervention.count({ where: interventions }),
        tx.intervention.groupBy({ by: ['service'], where: interventions, _count: { _all: true } }),
        tx.intervention.groupBy({ by: ['line'], where: interventions, _count: { _all: true } }),
        tx.intervention.groupBy({ by: ['channel'], where: interventions, _count: { _all: true } }),
        tx.case.count({ where: { interventions: { some: interventions }, banavim: { is: { status: 'registered' } } } }),
        tx.checkIn.count({ where: { sentAt: within, status: { not: 'failed' } } }),
        tx.checkIn.count({ where: { sentAt: within, status: 'answered' } }),
        tx.checkIn.count({ where: { sentAt: within, status: 'missed' } }),
        tx.$queryRaw<{ isoDay: number; minute: number; count: number }[]>`
          SELECT extract(isodow FROM local)::int AS "isoDay", (extract(hour FROM local) * 60 + extract(minute FROM local))::int AS minute, count(*)::int AS count
          FROM (SELECT "createdAt" AT TIME ZONE ${UNIT_TIME_ZONE} AS local FROM "Alert" WHERE kind = 'handoff' AND "createdAt" >= ${start} AND "createdAt" < ${end}) AS raised
          GROUP BY 1, 2`,
        tx.contact.count({ where: { channel: 'video', createdAt: within, status: { not: 'failed' } } }),
        tx.flowResult.groupBy({ by: ['name', 'category'], where: { createdAt: within }, _count: { _all: true } }),
      ]), { isolationLevel: 'RepeatableRead', timeout: 60_000 });
      return {
        interventions: total,
        byService: Object.fromEntries(byService.map((g) => [g.service, g._count._all])),
        byLine: Object.fromEntries(byLine.map((g) => [g.line, g._count._all])),
        byChannel: Object.fromEntries(byChannel.map((g) => [g.channel, g._count._all])),
        banavimRegisteredCases: banavim,
        checkInsSent: sent,
        checkInsAnswered: answered,
        checkInsMissed: missed,
        handoffs: handoffMinutes.reduce((sum, group) => sum + group.count, 0),
        handoffsByLocalMinute: handoffMinutes,
        videoSessions: video,
        results: results.map((g) => ({ name: g.name, category: g.category, count: g._count._all })),
      };
    },
  };
}
