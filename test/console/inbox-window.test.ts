/**
 * The inbox counted, ordered and paged by the database: every section of a window agrees, row for
 * row, with the order the use case gives the same cases (`inboxRowsOf`), page after page, for a
 * coordinator and a psychologist; and only the cases of the rows shown are read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOX_GROUPS, inboxRowsOf, type InboxGroup } from '../../src/app/console/inbox.js';
import type { InboxCase, StaffIdentity } from '../../src/app/console/ports.js';
import { prismaInboxQueries } from '../../src/persistence/console/inbox-queries.js';
import { createDatabase, type Database } from '../../src/persistence/database.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let database: TestDatabase;
let db: Database;
let coordinator: StaffIdentity;
let ana: StaffIdentity;
const caseIds: string[] = [];

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

/** An open case, with `patch` on the case, and optionally messages and open alerts. */
async function openCase(
  n: number,
  patch: Record<string, unknown>,
  extra: { contactsMinutesAgo?: number[]; alerts?: { kind: string; urgency: 'urgent' | 'normal'; minutesAgo: number }[] } = {},
): Promise<void> {
  const survivor = await db.survivor.create({ data: { alias: `Persona ${n}` } });
  const created = await db.case.create({ data: { survivorId: survivor.id, folio: `F-${n}`, createdAt: minutesAgo(5_000 + n), ...patch } });
  for (const at of extra.contactsMinutesAgo ?? []) {
    await db.contact.create({ data: { caseId: created.id, direction: 'inbound', channel: 'simulator', author: 'survivor', status: 'received', createdAt: minutesAgo(at) } });
  }
  for (const alert of extra.alerts ?? []) {
    await db.alert.create({ data: { caseId: created.id, kind: alert.kind as never, urgency: alert.urgency, reason: 'Motivo', createdAt: minutesAgo(alert.minutesAgo) } });
  }
  caseIds.push(created.id);
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDatabase(database.url);
  const staff = await db.staff.create({ data: { email: 'ana@unidad.test', displayName: 'Ana', role: 'psychologist' } });
  ana = { id: staff.id, role: 'psychologist' };
  coordinator = { id: (await db.staff.create({ data: { email: 'coord@unidad.test', displayName: 'Coord', role: 'coordinator' } })).id, role: 'coordinator' };
  let n = 0;
  // Every way into each section, with times that tie and times that are missing.
  for (let i = 0; i < 4; i += 1) {
    await openCase(n++, { urgency: 'urgent', attention: 'waiting_person', attentionSince: minutesAgo(10 * i) });
    await openCase(n++, { assignedStaffId: i % 2 ? staff.id : null }, { alerts: [{ kind: 'missed_checkins', urgency: 'urgent', minutesAgo: 5 + i }] });
    await openCase(n++, { attention: 'waiting_person', attentionSince: i === 0 ? null : minutesAgo(7 * i), assignedStaffId: staff.id }, { contactsMinutesAgo: [30 + i] });
    await openCase(n++, { assignedStaffId: staff.id }, { alerts: [{ kind: 'delivery_failed', urgency: 'normal', minutesAgo: 3 * i }] });
    await openCase(n++, { assignedStaffId: staff.id }, { contactsMinutesAgo: [8 + i], alerts: [{ kind: 'handoff', urgency: 'normal', minutesAgo: 4 * i + 1 }] });
    await openCase(n++, { attention: 'with_person', heldById: staff.id, attentionSince: minutesAgo(20) });
    // Urgent in each tier: danger now nobody holds, and one a person holds.
    await openCase(n++, { urgency: 'urgent', attention: 'waiting_person', attentionSince: minutesAgo(2 + i), assignedStaffId: staff.id }, { alerts: [{ kind: 'code_word', urgency: 'urgent', minutesAgo: 2 + i }] });
    await openCase(n++, { urgency: 'urgent', attention: 'with_person', heldById: staff.id, attentionSince: minutesAgo(90 + i) }, { alerts: [{ kind: 'emergency_word', urgency: 'urgent', minutesAgo: 90 + i }] });
    await openCase(n++, { assignedStaffId: i % 2 ? staff.id : null }, { contactsMinutesAgo: [100, 40 + (i % 2)] });
    await openCase(n++, {});
  }
  // Closed cases are in no inbox.
  await openCase(n++, { status: 'closed', urgency: 'urgent' });
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

/** Every case of `staff`'s inbox, read one by one and ordered by the use case: the reference. */
async function referenceOrder(staff: StaffIdentity): Promise<Record<InboxGroup, string[]>> {
  const queries = prismaInboxQueries(db);
  const cases = (await Promise.all(caseIds.map((id) => queries.inboxCase(id)))).filter((c): c is InboxCase => c !== null);
  const rows = inboxRowsOf(staff, cases);
  return Object.fromEntries(INBOX_GROUPS.map((g) => [g, rows.filter((r) => r.group === g).map((r) => r.caseId)])) as Record<InboxGroup, string[]>;
}

describe('the inbox window read by the database', () => {
  it.each([
    ['a coordinator', () => coordinator],
    ['a psychologist', () => ana],
  ])('pages each section in the use case order, counted, for %s', async (_, staffOf) => {
    const staff = staffOf();
    const expected = await referenceOrder(staff);
    const queries = prismaInboxQueries(db);
    for (const group of INBOX_GROUPS) {
      const paged: string[] = [];
      for (let page = 1; page <= 7; page += 1) {
        const window = await queries.openCasesWindow(staff, {}, { sections: [group], page, size: 3 });
        expect(window.counts[group]).toBe(expected[group].length);
        expect(window.cases.length).toBeLessThanOrEqual(3);
        const ids = inboxRowsOf(staff, window.cases).map((r) => r.caseId);
        if (page > Math.ceil(expected[group].length / 3)) {
          // Past the last page: the last page again.
          expect(ids).toEqual(expected[group].slice(Math.max(0, Math.ceil(expected[group].length / 3) - 1) * 3));
        } else paged.push(...ids);
      }
      expect(paged).toEqual(expected[group]);
    }
  });

  it('shows the first rows of every section at once, and only those are read', async () => {
    const expected = await referenceOrder(coordinator);
    const window = await prismaInboxQueries(db).openCasesWindow(coordinator, {}, { sections: INBOX_GROUPS, page: 1, size: 2 });
    expect(window.cases).toHaveLength(8);
    // A case with an open alert waits for a person even while the bot talks with her (a normal alert, 4 cases × 2 kinds).
    expect(window.counts.waiting).toBe(12);
    const rows = inboxRowsOf(coordinator, window.cases);
    for (const group of INBOX_GROUPS) {
      expect(rows.filter((r) => r.group === group).map((r) => r.caseId)).toEqual(expected[group].slice(0, 2));
      expect(window.counts[group]).toBe(expected[group].length);
    }
  });
});
