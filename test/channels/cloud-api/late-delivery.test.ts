/**
 * Her message handed over late (Meta delivers a webhook again hours after an outage): the bot's
 * answer counts from when she wrote, not from when the service got it, so it goes only inside her
 * safe hours, never at 3 a.m. for a message she wrote at 9 p.m.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldCipher } from '../../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../../src/privacy/phone-hash.js';
import { eventually } from '../../support/test-service.js';
import { createConsentingCase } from '../../support/demo-case.js';
import { startCloudApiService, type CloudApiService } from '../support/cloud-api-service.js';
import { webhookBody } from '../support/cloud-harness.js';

let cloud: CloudApiService;

beforeAll(async () => {
  cloud = await startCloudApiService();
});

afterAll(async () => {
  await cloud?.stop();
});

/** A consenting case whose only safe window is on a weekday three days away: now is outside it. */
async function caseOutsideHerHours() {
  const weekday = ((new Date(Date.now() + 72 * 3600_000).getUTCDay() + 6) % 7) + 1;
  const privacy = { cipher: new FieldCipher(cloud.t.config.DATA_KEYS), hashPhone: phoneHasher(cloud.t.config.PHONE_HASH_KEY) };
  return createConsentingCase(cloud.t.service.db, privacy, {
    interventionAt: new Date(),
    safeHours: { windows: [{ days: [weekday], from: '10:00', to: '10:30' }], blocked: [] },
  });
}

/** Her message, written `minutesAgo` minutes ago by WhatsApp's clock, delivered now; the bot's replies once settled. */
async function writes({ caseId, phone }: { caseId: string; phone: string }, id: string, minutesAgo: number) {
  const timestamp = String(Math.floor(Date.now() / 1000) - minutesAgo * 60);
  const res = await cloud.webhook(webhookBody({ waId: phone.slice(1), messages: [{ from: phone.slice(1), id, timestamp, type: 'text', text: { body: 'Hola' } }] }));
  expect(res.statusCode).toBe(200);
  return eventually(async () => {
    const inbound = await cloud.t.service.db.contact.findFirst({ where: { caseId, direction: 'inbound' } });
    const replies = inbound ? await cloud.t.service.db.contact.findMany({ where: { causeId: inbound.id, direction: 'outbound' } }) : [];
    return replies.length > 0 && replies.every((r) => r.status === 'sent' || r.status === 'failed') ? replies : undefined;
  }, 10_000, 'the replies settled');
}

describe('a message of hers handed over late', () => {
  it('is answered at once, outside her safe hours, when she wrote it a minute ago', async () => {
    const her = await caseOutsideHerHours();
    const replies = await writes(her, 'wamid.FRESH', 1);
    expect(replies.map((r) => r.status)).toEqual(['sent']);
    expect(cloud.graph.to(her.phone.slice(1))).toHaveLength(1);
  });

  it('is not answered outside her safe hours when she wrote it an hour before it arrived', async () => {
    const her = await caseOutsideHerHours();
    const replies = await writes(her, 'wamid.LATE-HOUR', 60);
    expect(replies.map((r) => [r.status, r.errorCode])).toEqual([['failed', 'OUTSIDE_SAFE_HOURS']]);
    expect(cloud.graph.to(her.phone.slice(1))).toEqual([]);
  });
});
