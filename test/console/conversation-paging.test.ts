/**
 * A long conversation opens at her latest messages (only those are read and decrypted); "Ver mensajes
 * anteriores" adds the 50 before, back to the first; the place she shared in an emergency is shown
 * even when it is older than the messages shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_PAGE_SIZE } from '../../src/app/console/view-conversation.js';
import { FieldCipher } from '../../src/privacy/field-cipher.js';
import { phoneHasher } from '../../src/privacy/phone-hash.js';
import { startTestService, type TestService } from '../support/test-service.js';
import { createConsentingCase } from '../support/demo-case.js';
import { ConsoleClient, createStaffAccount } from '../support/console-client.js';

const MESSAGES = 2 * HISTORY_PAGE_SIZE + 20;
let t: TestService;
let coordination: ConsoleClient;
let caseId: string;
/** Message ids, oldest first. */
const ids: string[] = [];

beforeAll(async () => {
  // Any hour is inside her safe hours: a person's message outside them needs confirming (test/console/outside-hours.test.ts).
  t = await startTestService({ env: { CONTACT_WINDOWS: '1-7 00:00-24:00', QUIET_HOURS: 'none' } });
  const db = t.service.db;
  const cipher = new FieldCipher(t.config.DATA_KEYS);
  await createStaffAccount(db, { role: 'coordinator', email: 'coord@unidad.test' });
  caseId = (await createConsentingCase(db, { cipher, hashPhone: phoneHasher(t.config.PHONE_HASH_KEY) }, { interventionAt: new Date(), alias: 'Luz' })).caseId;
  const start = Date.now() - MESSAGES * 60_000;
  for (let i = 0; i < MESSAGES; i += 1) {
    // Two messages share each minute: the order within it is their sequence.
    const created = await db.contact.create({
      data: {
        caseId,
        direction: i % 2 === 0 ? 'inbound' : 'outbound',
        channel: 'simulator',
        author: i % 2 === 0 ? 'survivor' : 'bot',
        status: i % 2 === 0 ? 'received' : 'delivered',
        textCipher: cipher.encrypt(`Mensaje número ${i + 1}.`),
        sequence: i % 2,
        createdAt: new Date(start + Math.floor(i / 2) * 60_000),
        ...(i === 0 ? { kind: 'location', location: { create: { cipher: cipher.encrypt(JSON.stringify({ lat: 21.1619, lng: -86.8515 })) } } } : {}),
      },
    });
    ids.push(created.id);
  }
  coordination = new ConsoleClient(t.service.server);
  await coordination.signIn('coord@unidad.test');
}, 120_000);

afterAll(async () => {
  await t?.stop();
});

/** The message numbers a page shows, in order. */
const shown = (body: string) => [...body.matchAll(/Mensaje número (\d+)\./g)].map((m) => Number(m[1]));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('a long conversation', () => {
  it('opens at her latest messages, and adds the earlier ones fifty at a time', async () => {
    const latest = await coordination.get(`/casos/${caseId}`);
    expect(latest.statusCode).toBe(200);
    expect(shown(latest.body)).toEqual(range(MESSAGES - HISTORY_PAGE_SIZE + 1, MESSAGES));
    const firstShown = ids[MESSAGES - HISTORY_PAGE_SIZE]!;
    expect(latest.body).toContain(`href="/casos/${caseId}?antes=${firstShown}#m-${firstShown}">Ver mensajes anteriores</a>`);

    const more = await coordination.get(`/casos/${caseId}?antes=${firstShown}`);
    expect(shown(more.body)).toEqual(range(MESSAGES - 2 * HISTORY_PAGE_SIZE + 1, MESSAGES));
    const next = ids[MESSAGES - 2 * HISTORY_PAGE_SIZE]!;
    expect(more.body).toContain(`?antes=${next}#m-${next}`);

    const all = await coordination.get(`/casos/${caseId}?antes=${next}`);
    expect(shown(all.body)).toEqual(range(1, MESSAGES));
    expect(all.body).not.toContain('Ver mensajes anteriores');
  });

  it('refreshes live with the latest messages only', async () => {
    const res = await coordination.get(`/api/casos/${caseId}/mensajes`);
    expect(shown(res.body)).toEqual(range(MESSAGES - HISTORY_PAGE_SIZE + 1, MESSAGES));
  });

  it('shows the place she shared in an emergency even when it is older than the messages shown', async () => {
    const db = t.service.db;
    const sharedAt = (await db.contact.findUniqueOrThrow({ where: { id: ids[0]! } })).createdAt;
    await db.case.update({ where: { id: caseId }, data: { urgency: 'urgent', attention: 'waiting_person', attentionSince: sharedAt } });
    const page = await coordination.get(`/casos/${caseId}`);
    expect(page.body).toContain('Ubicación que compartió');
    expect(shown(page.body)).not.toContain(1);
  });

  it('refuses a cursor that is not a message id, naming the field', async () => {
    const res = await coordination.get(`/casos/${caseId}?antes=abc`);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('antes');
  });
});
