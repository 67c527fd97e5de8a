import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previousMonthPeriod } from '../../src/app/records/report-period.js';
import { BULLETIN_SCHEDULER_ID, MAINTENANCE_QUEUE } from '../../src/scheduling/maintenance-jobs.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';

/** Every second, so the test sees a run without waiting for the first of the month. */
const EVERY_SECOND = '* * * * * *';

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ env: { BULLETIN_SCHEDULE: EVERY_SECOND, RETENTION_SCHEDULE: 'off' } });
});

afterAll(async () => {
  await t?.stop();
});

describe('the monthly bulletin inside the service', () => {
  it('is a repeatable job on BULLETIN_SCHEDULE that keeps the previous month once, however often it runs', async () => {
    const queue = new Queue(MAINTENANCE_QUEUE, { connection: { url: t.config.REDIS_URL }, prefix: t.config.QUEUE_PREFIX });
    try {
      expect(await queue.getJobScheduler(BULLETIN_SCHEDULER_ID)).toMatchObject({ pattern: EVERY_SECOND, tz: 'America/Cancun' });
    } finally {
      await queue.close();
    }
    const month = previousMonthPeriod(new Date());
    const bulletin = await eventually(async () => (await t.service.db.bulletin.findFirst()) ?? undefined, 15_000, 'the scheduled bulletin');
    expect(bulletin).toMatchObject({ periodFrom: month.from, periodTo: month.to });
    expect(bulletin!.figures).toMatchObject({ total: 0, periodo: { desde: month.from, hasta: month.to, zona_horaria: 'America/Cancun' } });
    // It keeps running every second: still one bulletin, created once.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await t.service.db.bulletin.count()).toBe(1);
    expect(await t.service.db.auditLog.count({ where: { action: 'bulletin.created' } })).toBe(1);
  });
});
