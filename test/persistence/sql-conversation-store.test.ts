import { beforeAll, describe, expect, it } from 'vitest';
import { e164 } from '../../src/app/phone-number.js';
import pg from 'pg';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { sqlConversationStore } from '../../src/persistence/sql-conversation-store.js';
import { DEMO_PHONE } from '../../src/demo/seed-demo.js';
import type { Database } from '../../src/persistence/database.js';
import type { TestDatabase } from '../support/test-database.js';
import { useDemoDatabase } from '../support/demo-database.js';
import type { ConversationStore, InboundMessage } from '../../src/app/ports.js';

const demo = useDemoDatabase();
let database: TestDatabase;
let db: Database;
let privacy: PrivacyTools;
let store: ConversationStore;
let caseId: string;

beforeAll(() => {
  ({ database, db, privacy, caseId } = demo);
  store = sqlConversationStore(db, privacy);
});

function message(channelMessageId: string, text = 'hola'): InboundMessage {
  return { channel: 'simulator', channelMessageId, from: DEMO_PHONE, text, receivedAt: new Date().toISOString() };
}

describe('the SQL conversation store', () => {
  it("reads her next session by the turn's clock, not the machine's", async () => {
    const staff = await db.staff.create({ data: { email: 'psi-reloj@unidad.example', displayName: 'Marta', role: 'psychologist', passwordHash: 'x' } });
    // A session long past by the machine's clock: a turn whose clock stands before its end sees it.
    const startsAt = new Date('2024-03-05T16:00:00Z');
    const endsAt = new Date('2024-03-05T17:00:00Z');
    const session = await db.appointment.create({ data: { caseId, staffId: staff.id, startsAt, endsAt, videoRoom: 'reloj', status: 'confirmed' } });
    try {
      const before = new Date('2024-03-05T16:30:00Z');
      const after = new Date('2024-03-05T17:00:00Z');
      const [seen, gone] = await store.withCase(caseId, async (c) => [await c.caseFields(before), await c.caseFields(after)]);
      expect(seen?.appointment).toMatchObject({ id: session.id, startsAt, status: 'confirmed' });
      expect(gone?.appointment).toBeNull();
    } finally {
      await db.appointment.delete({ where: { id: session.id } });
    }
  });

  it('finds her open case, consent and language by her number, and nobody for a stranger', async () => {
    expect(await store.findRecipient(DEMO_PHONE)).toMatchObject({ caseId, alias: 'Luz', language: 'es-MX', followUpConsent: true, optedOut: false });
    expect(await store.findRecipient(e164.parse('+525550001234'))).toBeNull();
  });

  it('opens her turn by her number: who she is and the case as its lock found it, or nothing for a stranger', async () => {
    let ran = false;
    const stranger = await store.withRecipientCase({ ...message('sql-w0'), from: e164.parse('+525550001234') }, async () => {
      ran = true;
    });
    expect([stranger, ran]).toEqual([null, false]);

    // A message id holding quotes and a backslash is looked up as it is, not read as SQL.
    const odd = `sql-w1'); DROP TABLE "Contact"; --\\'`;
    const first = await store.withRecipientCase(message(odd), async (recipient, c) => {
      expect(await c.unsentFor('simulator', odd)).toBeNull();
      const inbound = await c.recordInbound(message(odd), null);
      return { inbound: inbound!.contactId, ids: await c.recordOutbound(inbound!.contactId, 'simulator', [{ text: 'uno', author: 'bot', sequence: 0 }]) };
    });
    expect(first?.recipient).toMatchObject({ caseId, alias: 'Luz', followUpConsent: true });
    expect(await db.contact.findUniqueOrThrow({ where: { id: first!.result.inbound } })).toMatchObject({ channelMessageId: odd, caseId });
    // The same message again: the read made with the lock knows it is recorded and what is unsent.
    const again = await store.withRecipientCase(message(odd), (_, c) => c.unsentFor('simulator', odd));
    expect(again?.result).toEqual({ causeId: first!.result.inbound, contactIds: first!.result.ids });
  });

  it('holds her case locked from the first round trip of her turn', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const first = store.withCase(caseId, async () => {
      locked();
      await holding;
      order.push('staff action');
    });
    await isLocked;
    const turn = store.withRecipientCase(message('sql-lock'), async () => {
      order.push('her turn');
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    release();
    await Promise.all([first, turn]);
    expect(order).toEqual(['staff action', 'her turn']);
  });

  it('commits her message, the session and the replies together, encrypted, and reads its own writes', async () => {
    const result = await store.withCase(caseId, async (c) => {
      expect(await c.unsentFor('simulator', 'sql-1')).toBeNull();
      const sessionId = await c.saveSession({ flowId: 'primer-contacto', state: { step: 1 }, ended: false, timeoutAt: null });
      expect(await c.activeSession()).toEqual({ id: sessionId, flowId: 'primer-contacto', state: { step: 1 } });
      const inbound = await c.recordInbound(message('sql-1', 'mensaje secreto'), sessionId);
      expect(await c.recordInbound(message('sql-1'), sessionId)).toBeNull();
      const ids = await c.recordOutbound(inbound!.contactId, 'simulator', [
        { text: 'uno', author: 'bot', sequence: 0, sessionId },
        { text: 'dos', author: 'bot', sequence: 1, sessionId },
      ]);
      expect(await c.unsentFor('simulator', 'sql-1')).toEqual({ causeId: inbound!.contactId, contactIds: ids });
      return { sessionId, inboundId: inbound!.contactId, ids };
    });

    const contacts = await db.contact.findMany({ where: { OR: [{ id: result.inboundId }, { causeId: result.inboundId }] }, orderBy: [{ direction: 'asc' }, { sequence: 'asc' }] });
    expect(contacts.map((row) => [row.direction, row.status, row.sessionId, privacy.cipher.decrypt(row.textCipher!)])).toEqual([
      ['inbound', 'received', result.sessionId, 'mensaje secreto'],
      ['outbound', 'queued', result.sessionId, 'uno'],
      ['outbound', 'queued', result.sessionId, 'dos'],
    ]);
    expect(contacts.slice(1).map((row) => row.id)).toEqual(result.ids);
    expect(await db.flowSession.findUniqueOrThrow({ where: { id: result.sessionId } })).toMatchObject({ caseId, status: 'waiting' });
    expect(await store.withCase(caseId, (c) => c.unsentFor('simulator', 'sql-1'))).toEqual({ causeId: result.inboundId, contactIds: result.ids });
  });

  it("keeps a question's timeout on its session: found when due, moved, dropped, and cleared when the session ends", async () => {
    const at = new Date('2030-01-07T15:00:00Z');
    const sessionId = await store.withCase(caseId, (c) => c.saveSession({ flowId: 'primer-contacto', state: { step: 1 }, ended: false, timeoutAt: at }));
    const mine = async (now: Date, skip: string[] = []) => (await store.dueTimeouts(now, 10, skip)).filter((due) => due.caseId === caseId);
    expect(await mine(new Date(at.getTime() - 1))).toEqual([]);
    expect(await mine(at)).toEqual([{ caseId, sessionId, at }]);
    expect(await mine(at, [sessionId])).toEqual([]);

    const later = new Date('2030-01-08T16:00:00Z');
    await store.withCase(caseId, async (c) => {
      expect(await c.timeoutDueAt(sessionId)).toEqual(at);
      await c.moveTimeout(sessionId, later);
      expect(await c.timeoutDueAt(sessionId)).toEqual(later);
    });
    expect(await mine(at)).toEqual([]);
    expect(await mine(later)).toEqual([{ caseId, sessionId, at: later }]);

    await store.withCase(caseId, (c) => c.moveTimeout(sessionId, null));
    expect(await mine(later)).toEqual([]);

    // A new question's timeout, then a new session replaces this one: nothing stays due on an ended session.
    await store.withCase(caseId, (c) => c.saveSession({ id: sessionId, flowId: 'primer-contacto', state: { step: 2 }, ended: false, timeoutAt: at }));
    const replacement = await store.withCase(caseId, (c) => c.saveSession({ flowId: 'primer-contacto', state: { step: 1 }, ended: false, timeoutAt: null }));
    expect(await mine(later)).toEqual([]);
    expect(await db.flowSession.findUniqueOrThrow({ where: { id: sessionId } })).toMatchObject({ status: 'ended', outcome: 'reemplazada', timeoutAt: null });
    expect(await db.flowSession.findUniqueOrThrow({ where: { id: replacement } })).toMatchObject({ status: 'waiting', timeoutAt: null });
  });

  it('leaves nothing written when the turn fails', async () => {
    const before = { contacts: await db.contact.count(), sessions: await db.flowSession.count() };
    await expect(
      store.withCase(caseId, async (c) => {
        await c.unsentFor('simulator', 'sql-fail');
        const sessionId = await c.saveSession({ flowId: 'primer-contacto', state: {}, ended: false, timeoutAt: null });
        await c.recordInbound(message('sql-fail'), sessionId);
        await c.raiseAlert({ kind: 'handoff', urgency: 'normal', reason: 'prueba' }); // sends what was kept
        throw new Error('the engine failed');
      }),
    ).rejects.toThrow('the engine failed');
    expect({ contacts: await db.contact.count(), sessions: await db.flowSession.count() }).toEqual(before);
    expect(await db.alert.count({ where: { reason: 'prueba' } })).toBe(0);
  });

  it('replaces the waiting session with a new one, and answers the open check-in', async () => {
    const waiting = await store.withCase(caseId, async (c) => (await c.activeSession())!.id);
    const checkIn = await db.checkIn.create({
      data: { caseId, flowId: 'seguimiento', dueAt: new Date(), plannedAt: new Date(), status: 'sent', sentAt: new Date() },
    });
    await db.case.update({ where: { id: caseId }, data: { missedInARow: 2 } });
    const replacement = await store.withCase(caseId, async (c) => {
      expect(await c.markCheckInAnswered(new Date())).toBe(checkIn.id);
      expect(await c.markCheckInAnswered(new Date())).toBeNull();
      return c.saveSession({ flowId: 'seguimiento', state: { step: 0 }, ended: false, timeoutAt: null });
    });
    expect(await db.flowSession.findUniqueOrThrow({ where: { id: waiting } })).toMatchObject({ status: 'ended', outcome: 'reemplazada' });
    expect(await db.flowSession.findMany({ where: { caseId, status: 'waiting' }, select: { id: true } })).toEqual([{ id: replacement }]);
    expect(await db.checkIn.findUniqueOrThrow({ where: { id: checkIn.id } })).toMatchObject({ status: 'answered' });
    expect((await db.case.findUniqueOrThrow({ where: { id: caseId } })).missedInARow).toBe(0);
  });

  it('fails the turn, and only the turn, when its connection is lost in the middle', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      await expect(
        store.withCase(caseId, async (c) => {
          await c.attention();
          const { rows } = await admin.query(
            `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction'`,
          );
          expect(rows).toEqual([{ done: true }]);
          await new Promise((resolve) => setTimeout(resolve, 100));
          await c.saveSession({ flowId: 'primer-contacto', state: { lost: true }, ended: false, timeoutAt: null });
          await c.recordInbound(message('sql-lost'), null);
        }),
      ).rejects.toThrow();
    } finally {
      await admin.end();
    }
    expect(await db.contact.count({ where: { channelMessageId: 'sql-lost' } })).toBe(0);
    expect(await store.withCase(caseId, (c) => c.attention())).toBe('bot');
  });

  it('runs turns of one case one after the other: the second sees what the first committed', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let firstLocked: () => void = () => undefined;
    const locked = new Promise<void>((resolve) => (firstLocked = resolve));
    const first = store.withCase(caseId, async (c) => {
      firstLocked();
      await held;
      return c.saveSession({ flowId: 'primer-contacto', state: { by: 'first' }, ended: false, timeoutAt: null });
    });
    await locked;
    const second = store.withCase(caseId, async (c) => (await c.activeSession())?.state);
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await first;
    expect(await second).toEqual({ by: 'first' });
  });
});
