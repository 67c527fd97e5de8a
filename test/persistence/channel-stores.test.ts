import { beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { PrivacyTools } from '../../src/persistence/conversation-store.js';
import { sqlConversationStore } from '../../src/persistence/sql-conversation-store.js';
import { sqlOutboxStore } from '../../src/persistence/sql-outbox-store.js';
import { prismaDeliveryStatusStore } from '../../src/persistence/delivery-status-store.js';
import { prismaChannelIdentityStore } from '../../src/persistence/channel-identity-store.js';
import { DEMO_PHONE } from '../../src/demo/seed-demo.js';
import type { Database } from '../../src/persistence/database.js';
import type { TestDatabase } from '../support/test-database.js';
import { useDemoDatabase } from '../support/demo-database.js';
import { e164 } from '../../src/app/phone-number.js';

const demo = useDemoDatabase();
let database: TestDatabase;
let db: Database;
let privacy: PrivacyTools;
let caseId: string;

beforeAll(() => {
  ({ database, db, privacy, caseId } = demo);
});

async function outbound(channelMessageId: string): Promise<string> {
  const row = await db.contact.create({
    data: { caseId, direction: 'outbound', channel: 'cloud_api', author: 'bot', status: 'sent', channelMessageId, textCipher: privacy.cipher.encrypt('x') },
  });
  return row.id;
}

describe('delivery status store', () => {
  it('moves a status forward only, and applies a failure only before delivery', async () => {
    const statuses = prismaDeliveryStatusStore(db);
    const at = '2026-11-28T17:00:00.000Z';
    const id = await outbound('wamid:A');
    const update = (status: 'sent' | 'delivered' | 'read' | 'failed', errorCode?: string) =>
      statuses.apply({ channel: 'cloud_api', channelMessageId: 'wamid:A', status, at, errorCode });

    expect(await update('delivered')).toEqual({ kind: 'updated', contactId: id, caseId });
    expect(await update('sent')).toEqual({ kind: 'unchanged', contactId: id });
    expect(await update('read')).toMatchObject({ kind: 'updated' });
    expect(await update('delivered')).toEqual({ kind: 'unchanged', contactId: id });
    expect(await update('failed', 'CLOUD_131047')).toEqual({ kind: 'unchanged', contactId: id });
    expect(await db.contact.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'read', errorCode: null });

    await outbound('wamid:B');
    await statuses.apply({ channel: 'cloud_api', channelMessageId: 'wamid:B', status: 'failed', at, errorCode: 'CLOUD_131047' });
    await statuses.apply({ channel: 'cloud_api', channelMessageId: 'wamid:B', status: 'read', at });
    expect(await db.contact.findFirstOrThrow({ where: { channelMessageId: 'wamid:B' } })).toMatchObject({ status: 'failed', errorCode: 'CLOUD_131047' });

    expect(await statuses.apply({ channel: 'cloud_api', channelMessageId: 'wamid:unknown', status: 'read', at })).toEqual({ kind: 'unknown' });
    expect(await statuses.apply({ channel: 'whatsapp_web', channelMessageId: 'wamid:A', status: 'read', at })).toEqual({ kind: 'unknown' });
  });
});

describe('outbound templates', () => {
  it('stores the template encrypted with the contact and hands it back when claimed', async () => {
    const store = sqlConversationStore(db, privacy);
    const template = { name: 'acompana_saludo', language: 'es-MX' as const, parameters: ['Luz Secreta'] };
    const cause = await db.contact.create({ data: { caseId, direction: 'inbound', channel: 'cloud_api', author: 'survivor', status: 'received', channelMessageId: 'in-T' } });
    const [id] = await store.withCase(caseId, (conversation) =>
      conversation.recordOutbound(cause.id, 'cloud_api', [{ text: 'Hola Luz Secreta', author: 'bot', sequence: 0, template }]),
    );
    const claimed = await sqlOutboxStore(db, privacy).claim(id!);
    expect(claimed).toMatchObject({ id, to: DEMO_PHONE, text: 'Hola Luz Secreta', template });

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const rows = (await client.query('SELECT * FROM "Contact" WHERE id = $1', [id])).rows;
    await client.end();
    expect(JSON.stringify(rows)).not.toContain('Luz Secreta');
  });
});

describe('replies written claimed', () => {
  it('are `sending` from the commit on, and claimed again if their sender stopped', async () => {
    const store = sqlConversationStore(db, privacy);
    const outbox = sqlOutboxStore(db, privacy);
    const cause = await db.contact.create({ data: { caseId, direction: 'inbound', channel: 'cloud_api', author: 'survivor', status: 'received', channelMessageId: 'in-W' } });
    const replies = [0, 1].map((sequence) => ({ text: `respuesta ${sequence}`, author: 'bot' as const, sequence }));
    const claimed = await store.withCase(caseId, (conversation) => conversation.recordOutbound(cause.id, 'cloud_api', replies, { claimed: true }));
    const queued = await store.withCase(caseId, (conversation) => conversation.recordOutbound(cause.id, 'cloud_api', [{ ...replies[0]!, sequence: 2 }]));
    const statusOf = async (id: string) => (await db.contact.findUniqueOrThrow({ where: { id } })).status;
    expect([await statusOf(claimed[0]!), await statusOf(claimed[1]!), await statusOf(queued[0]!)]).toEqual(['sending', 'sending', 'queued']);

    // Their sender stopped after the first: the queued send claims the other, with its content read back.
    await outbox.markAllSent([{ contactId: claimed[0]!, receipt: { channelMessageId: 'wamid.W0' } }], new Date());
    const again = await outbox.claimAll(claimed);
    expect(again.map((c) => [c.id, c.text, c.to])).toEqual([[claimed[1]!, 'respuesta 1', DEMO_PHONE]]);
    expect(await db.contact.findUniqueOrThrow({ where: { id: claimed[0]! } })).toMatchObject({ status: 'sent', channelMessageId: 'wamid.W0' });
  });

  it('are withdrawn by her opt-out like queued ones; one the channel was already sending is recorded sent', async () => {
    const store = sqlConversationStore(db, privacy);
    const outbox = sqlOutboxStore(db, privacy);
    const cause = await db.contact.create({ data: { caseId, direction: 'inbound', channel: 'cloud_api', author: 'survivor', status: 'received', channelMessageId: 'in-X' } });
    const replies = [0, 1].map((sequence) => ({ text: `respuesta ${sequence}`, author: 'bot' as const, sequence }));
    const claimed = await store.withCase(caseId, (conversation) => conversation.recordOutbound(cause.id, 'cloud_api', replies, { claimed: true }));
    const queued = await store.withCase(caseId, (conversation) => conversation.recordOutbound(cause.id, 'cloud_api', [{ ...replies[0]!, sequence: 2 }]));
    const statusOf = async (id: string) => (await db.contact.findUniqueOrThrow({ where: { id } })).status;

    // A sender holds the two claimed ones (waiting for its turn, say): the withdrawal reaches them too.
    const unsent = await db.contact.findMany({ where: { caseId, direction: 'outbound', status: { in: ['queued', 'sending'] } }, select: { id: true } });
    expect(unsent.map((c) => c.id)).toEqual(expect.arrayContaining([...claimed, ...queued]));
    expect(await store.withCase(caseId, (conversation) => conversation.withdrawUnsent('CANCELLED_OPT_OUT', new Date()))).toBe(unsent.length);
    expect([await statusOf(claimed[0]!), await statusOf(claimed[1]!), await statusOf(queued[0]!)]).toEqual(['failed', 'failed', 'failed']);
    expect([await outbox.stillToSend(claimed[0]!), await outbox.stillToSend(claimed[1]!)]).toEqual([false, false]);
    expect(await outbox.claimAll([...claimed, ...queued])).toEqual([]);

    // The first was already on its way: the channel took it, and it is recorded as sent, not withdrawn.
    await outbox.markAllSent([{ contactId: claimed[0]!, receipt: { channelMessageId: 'wamid.X0' } }], new Date());
    expect(await db.contact.findUniqueOrThrow({ where: { id: claimed[0]! } })).toMatchObject({ status: 'sent', channelMessageId: 'wamid.X0', errorCode: null });
    // A failure of the channel's own is never overwritten by a late acceptance.
    await outbox.markFailed(claimed[1]!, 'CLOUD_131026', new Date());
    expect(await db.contact.findUniqueOrThrow({ where: { id: claimed[1]! } })).toMatchObject({ status: 'failed', errorCode: 'CANCELLED_OPT_OUT' });
  });
});

describe('marking sent', () => {
  it('marks the sends of several turns finishing together, each with its channel id and time', async () => {
    const store = sqlConversationStore(db, privacy);
    const outbox = sqlOutboxStore(db, privacy);
    const turns = await Promise.all(
      [0, 1, 2].map(async (turn) => {
        const cause = await db.contact.create({ data: { caseId, direction: 'inbound', channel: 'cloud_api', author: 'survivor', status: 'received', channelMessageId: `in-M${turn}` } });
        const replies = [0, 1].map((sequence) => ({ text: `respuesta ${turn}.${sequence}`, author: 'bot' as const, sequence }));
        return store.withCase(caseId, (conversation) => conversation.recordOutbound(cause.id, 'cloud_api', replies, { claimed: true }));
      }),
    );
    const sentAt = (turn: number) => new Date(Date.UTC(2026, 11, 6, 10, turn));
    await Promise.all(
      turns.map((ids, turn) => outbox.markAllSent(ids.map((contactId, i) => ({ contactId, receipt: { channelMessageId: `wamid.M${turn}.${i}` } })), sentAt(turn))),
    );
    const rows = await db.contact.findMany({ where: { id: { in: turns.flat() } }, select: { id: true, status: true, channelMessageId: true, statusAt: true } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    turns.forEach((ids, turn) =>
      ids.forEach((id, i) => expect(byId.get(id)).toEqual({ id, status: 'sent', channelMessageId: `wamid.M${turn}.${i}`, statusAt: sentAt(turn) })),
    );
  });
});

describe('channel identities', () => {
  it('maps a @lid back to a known survivor\'s number, and knows nothing of strangers', async () => {
    const identities = prismaChannelIdentityStore(db, privacy);
    await identities.remember('whatsapp_web', '111222333444555@lid', DEMO_PHONE);
    await identities.remember('whatsapp_web', '111222333444555@lid', DEMO_PHONE);
    await identities.remember('whatsapp_web', '999888777666555@lid', e164.parse('+5215550009999'));
    expect(await identities.phoneFor('whatsapp_web', '111222333444555@lid')).toBe(DEMO_PHONE);
    expect(await identities.phoneFor('whatsapp_web', '999888777666555@lid')).toBeNull();
    expect(await identities.phoneFor('cloud_api', '111222333444555@lid')).toBeNull();
    const rows = await db.channelIdentity.findMany();
    expect(rows).toHaveLength(2);
    expect(JSON.stringify(rows)).not.toMatch(/111222333444555|5215550009999|5219981234567/);
  });
});
