import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { eventually, startTestService, type TestService } from '../support/test-service.js';
import { queuesIdle } from '../support/queues-idle.js';
import { createConsentingCase } from '../support/demo-case.js';
import { sqlUndeliveredQueries } from '../../src/persistence/console/undelivered-queries.js';

let t: TestService;
let privacy: { cipher: FieldCipher; hashPhone: ReturnType<typeof phoneHasher> };

beforeAll(async () => {
  t = await startTestService({ env: { CHECKIN_PLAN: 'test/checkins/fixtures/plan-primer.yaml', CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none' } });
  privacy = { cipher: new FieldCipher(t.config.DATA_KEYS), hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) };
});
afterAll(async () => {
  await t?.stop();
});

describe('an undelivered check-in on any channel (the simulator here)', () => {
  it('fails the check-in and alerts; a message the service withheld itself does not', async () => {
    const { caseId } = await createConsentingCase(t.service.db, privacy, { interventionAt: new Date(Date.now() - 13 * 3600 * 1000) });
    const [checkIn] = await t.service.checkIns.enroll(caseId);
    const first = await eventually(
      async () => (await t.service.db.contact.findFirst({ where: { caseId, direction: 'outbound', status: 'sent' }, orderBy: { sequence: 'asc' } })) ?? undefined,
      20_000,
      'the check-in sent',
    );
    const res = await t.service.server.inject({ method: 'POST', url: '/api/simulator/status', payload: { id: first.channelMessageId, status: 'failed' } });
    expect(res.statusCode).toBe(202);
    await queuesIdle(t.service.queues);
    await eventually(async () => ((await t.service.db.alert.count({ where: { caseId, kind: 'delivery_failed' } })) === 1 ? true : undefined), 20_000, 'the alert');
    expect(await t.service.db.checkIn.findUniqueOrThrow({ where: { id: checkIn!.id } })).toMatchObject({ status: 'failed' });
    expect(await t.service.db.contact.findUniqueOrThrow({ where: { id: first.id } })).toMatchObject({ status: 'failed', errorCode: 'SIMULATOR_FAILED' });

    // Withheld by the service (outside her hours): no alert, not in the list of undelivered messages.
    await t.service.db.contact.update({ where: { id: first.id }, data: { errorCode: 'OUTSIDE_SAFE_HOURS' } });
    const listed = await sqlUndeliveredQueries(t.service.db).recent(new Date(Date.now() - 3600_000), 50);
    expect(listed.map((row) => row.contactId)).not.toContain(first.id);
  });
});
