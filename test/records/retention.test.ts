import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { retentionCommand } from '../../src/cli/records/retention-command.js';
import { prismaReportCounts } from '../../src/persistence/records/report-counts.js';
import { createRecordsContext, dumpTables, fixedClock, type RecordsContext } from './support/records-context.js';
import { captureIo } from './support/capture-io.js';
import { e164 } from '../../src/app/phone-number.js';

let ctx: RecordsContext;
const NOW = '2026-09-30T12:00:00Z';
const daysBefore = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000);
const ids: Record<'old' | 'recent' | 'open', string> = { old: '', recent: '', open: '' };
const senders: Record<'silent' | 'active', string> = { silent: '', active: '' };

beforeAll(async () => {
  ctx = await createRecordsContext();
  const staff = await ctx.db.staff.create({ data: { email: 'psi@test.invalid', displayName: 'Psicóloga', role: 'psychologist' } });
  for (const [key, closedAt] of [['old', daysBefore(181)], ['recent', daysBefore(179)], ['open', null]] as const) {
    const survivor = await ctx.db.survivor.create({ data: { alias: `Alias ${key}` } });
    const c = await ctx.db.case.create({
      data: { survivorId: survivor.id, folio: `R-${key}`, status: closedAt ? 'closed' : 'open', closedAt, createdAt: daysBefore(300) },
    });
    ids[key] = c.id;
    await ctx.db.intervention.create({
      data: { folio: `R-${key}`, caseId: c.id, occurredAt: daysBefore(290), service: 'psicologica', line: 'intervencion_12_48h', channel: 'telefono_911' },
    });
    for (const [i, text] of ['¿Es buen momento para platicar?', 'Sí, ahora estoy sola', 'Gracias por escribir'].entries()) {
      await ctx.db.contact.create({
        data: {
          caseId: c.id,
          direction: i === 1 ? 'inbound' : 'outbound',
          channel: 'simulator',
          author: i === 1 ? 'survivor' : 'bot',
          status: i === 1 ? 'received' : 'sent',
          textCipher: ctx.privacy.cipher.encrypt(text),
          createdAt: daysBefore(250 - i),
          // She edited her answer on her phone: her edit is her words too.
          ...(i === 1 ? { herEditedAt: daysBefore(249), editedTextCipher: ctx.privacy.cipher.encrypt('Sí, ya estoy sola') } : {}),
        },
      });
    }
    await ctx.db.contact.create({ data: { caseId: c.id, direction: 'outbound', channel: 'video', author: 'staff', status: 'sent', createdAt: daysBefore(245) } });
    await ctx.db.contact.create({
      data: {
        caseId: c.id, direction: 'inbound', channel: 'simulator', author: 'survivor', status: 'received', kind: 'voice', createdAt: daysBefore(244),
        media: { create: { status: 'stored', mime: 'audio/ogg', byteSize: 4, dataCipher: ctx.privacy.cipher.encryptBytes(new Uint8Array([1, 2, 3, 4])) } },
      },
    });
    await ctx.db.contact.create({
      data: {
        caseId: c.id, direction: 'inbound', channel: 'simulator', author: 'survivor', status: 'received', kind: 'location', createdAt: daysBefore(243),
        location: { create: { cipher: ctx.privacy.cipher.encrypt('{"lat":21.16,"lng":-86.85}') } },
      },
    });
    await ctx.db.flowSession.create({
      data: { caseId: c.id, flowId: 'primer-contacto', status: key === 'old' ? 'waiting' : 'ended', stateCipher: ctx.privacy.cipher.encrypt('{"answers":{"como_estas":"mal"}}') },
    });
    await ctx.db.caseNote.create({ data: { caseId: c.id, staffId: staff.id, textCipher: ctx.privacy.cipher.encrypt('Nota clínica') } });
  }
  // Numbers that wrote without a case: one silent for 31 days, one that wrote 29 days ago.
  for (const [key, lastSeenAt, phone] of [['silent', daysBefore(31), '+5219980000091'], ['active', daysBefore(29), '+5219980000092']] as const) {
    const sender = await ctx.db.unknownSender.create({
      data: { phoneCipher: ctx.privacy.cipher.encrypt(phone), phoneHash: ctx.privacy.hashPhone(e164.parse(phone)), firstSeenAt: daysBefore(40), lastSeenAt, messageCount: 1, lastReplyAt: lastSeenAt },
    });
    senders[key] = sender.id;
    await ctx.db.contact.create({
      data: { unknownSenderId: sender.id, direction: 'inbound', channel: 'simulator', author: 'survivor', status: 'received', textCipher: ctx.privacy.cipher.encrypt('Hola, ¿quién es?'), createdAt: lastSeenAt },
    });
    await ctx.db.contact.create({
      data: { unknownSenderId: sender.id, direction: 'outbound', channel: 'simulator', author: 'system', status: 'sent', textCipher: ctx.privacy.cipher.encrypt('Este número no recibe mensajes.'), createdAt: lastSeenAt },
    });
  }
});

afterAll(async () => {
  await ctx?.close();
});

async function retention(): Promise<string> {
  const io = captureIo(ctx, { clock: fixedClock(NOW), env: { DATABASE_URL: ctx.database.url, RETENTION_DAYS: '180' } });
  expect(await retentionCommand(['run'], io)).toBe(0);
  return io.out();
}

const counts = () => prismaReportCounts(ctx.db).counts({ start: daysBefore(400), end: daysBefore(0) });

describe('RETENTION_DAYS', () => {
  it('defaults to 180 days and accepts 1 to 3650', () => {
    expect(loadConfig({}).RETENTION_DAYS).toBe(180);
    expect(loadConfig({ RETENTION_DAYS: '30' }).RETENTION_DAYS).toBe(30);
    expect(() => loadConfig({ RETENTION_DAYS: '0' })).toThrow(ConfigError);
  });

  it('has RETENTION_UNKNOWN_DAYS (30 by default) and a RETENTION_SCHEDULE cron pattern (03:30 daily by default, or off)', () => {
    expect(loadConfig({}).RETENTION_UNKNOWN_DAYS).toBe(30);
    expect(() => loadConfig({ RETENTION_UNKNOWN_DAYS: '0' })).toThrow(ConfigError);
    expect(loadConfig({}).RETENTION_SCHEDULE).toBe('30 3 * * *');
    expect(loadConfig({ RETENTION_SCHEDULE: '0 5 * * 1' }).RETENTION_SCHEDULE).toBe('0 5 * * 1');
    expect(loadConfig({ RETENTION_SCHEDULE: 'off' }).RETENTION_SCHEDULE).toBeNull();
    expect(() => loadConfig({ RETENTION_SCHEDULE: '99 3 * * *' })).toThrow(/RETENTION_SCHEDULE/);
  });
});

describe('the retention job', () => {
  it('removes the texts and saved answers of cases closed more than RETENTION_DAYS ago, and keeps every row and figure', async () => {
    const before = await counts();
    const rowsBefore = await ctx.db.contact.count({ where: { caseId: { not: null } } });
    const out = await retention();
    expect(out).toContain('1 depurados; se borraron 3 textos de mensajes y 1 conversaciones guardadas');
    expect(out).toContain('(30 días): 1 borrados, con 2 mensajes');

    const texts = await ctx.db.contact.findMany({ where: { channel: 'simulator', caseId: { not: null } }, select: { caseId: true, textCipher: true, kind: true, herEditedAt: true, editedTextCipher: true } });
    expect(texts.filter((t) => t.caseId === ids.old).every((t) => t.textCipher === null && t.editedTextCipher === null)).toBe(true);
    expect(texts.filter((t) => t.caseId !== ids.old && t.kind === 'text').every((t) => t.textCipher !== null)).toBe(true);
    // The edit's time stays, as the message's row does; its text went, only in the old case.
    expect(texts.filter((t) => t.herEditedAt !== null).map((t) => [t.caseId === ids.old, t.editedTextCipher === null]).sort()).toEqual([[false, false], [false, false], [true, true]].sort());

    // Her voice note and the place she shared go with her texts; the rows (kind, size) stay.
    const files = await ctx.db.contactMedia.findMany({ select: { dataCipher: true, byteSize: true, contact: { select: { caseId: true } } } });
    expect(files.map((f) => [f.contact.caseId === ids.old, f.dataCipher === null, f.byteSize]).sort()).toEqual(
      [[false, false, 4], [false, false, 4], [true, true, 4]].sort(),
    );
    const places = await ctx.db.contactLocation.findMany({ select: { cipher: true, contact: { select: { caseId: true } } } });
    expect(places.filter((p) => p.contact.caseId === ids.old).every((p) => p.cipher === null)).toBe(true);
    expect(places.filter((p) => p.contact.caseId !== ids.old).every((p) => p.cipher !== null)).toBe(true);

    const oldSession = await ctx.db.flowSession.findFirstOrThrow({ where: { caseId: ids.old } });
    expect(oldSession).toMatchObject({ status: 'ended', outcome: 'retention' });
    expect(oldSession.stateCipher.length).toBe(0);
    const recentSession = await ctx.db.flowSession.findFirstOrThrow({ where: { caseId: ids.recent } });
    expect(ctx.privacy.cipher.decrypt(recentSession.stateCipher)).toContain('como_estas');

    // Staff notes are clinical records, kept by their own rules.
    expect(await ctx.db.caseNote.count({ where: { caseId: ids.old } })).toBe(1);
    expect(await ctx.db.contact.count({ where: { caseId: { not: null } } })).toBe(rowsBefore);
    expect(await counts()).toEqual(before);

    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'retention.run' } });
    expect(audit.detail).toMatchObject({
      via: 'cli',
      days: 180,
      contactTextsRemoved: 3,
      sessionStatesRemoved: 1,
      filesRemoved: 2,
      casesPurged: 1,
      unknownDays: 30,
      unknownSendersRemoved: 1,
      unknownSenderMessagesRemoved: 2,
    });
  });

  it('deletes numbers without a case silent for RETENTION_UNKNOWN_DAYS, with their messages, and keeps the others', async () => {
    expect(await ctx.db.unknownSender.findUnique({ where: { id: senders.silent } })).toBeNull();
    expect(await ctx.db.contact.count({ where: { unknownSenderId: senders.silent } })).toBe(0);
    // Nothing of that number is left anywhere: no orphaned message of hers either.
    expect(await ctx.db.contact.count({ where: { unknownSenderId: null, caseId: null } })).toBe(0);
    expect(await ctx.db.contact.count({ where: { unknownSenderId: senders.active, textCipher: { not: null } } })).toBe(2);
  });

  it('changes nothing when run again', async () => {
    const before = await dumpTables(ctx);
    expect(await retention()).toContain('0 depurados; se borraron 0 textos de mensajes y 0 conversaciones guardadas; 0 archivos y ubicaciones borrados');
    expect({ ...(await dumpTables(ctx)), AuditLog: [] }).toEqual({ ...before, AuditLog: [] });
  });

  it('reaches a case once it has been closed long enough', async () => {
    // A message sent as a template keeps its parameters (her alias) encrypted beside the text.
    await ctx.db.contact.updateMany({ where: { caseId: ids.recent }, data: { templateCipher: Buffer.from('sealed template') } });
    const io = captureIo(ctx, { clock: fixedClock('2026-10-02T12:00:00Z'), env: { DATABASE_URL: ctx.database.url, RETENTION_DAYS: '180' } });
    expect(await retentionCommand(['run'], io)).toBe(0);
    expect(await ctx.db.contact.count({ where: { caseId: ids.recent, templateCipher: { not: null } } })).toBe(0);
    expect(io.out()).toContain('1 depurados; se borraron 3 textos de mensajes');
    expect(await ctx.db.contact.count({ where: { caseId: ids.recent, textCipher: { not: null } } })).toBe(0);
    expect(await ctx.db.contact.count({ where: { caseId: ids.open, textCipher: null, channel: 'simulator', kind: 'text' } })).toBe(0);
    expect(io.out()).toContain('2 archivos y ubicaciones borrados');
    expect(await ctx.db.contactMedia.count({ where: { contact: { caseId: ids.open }, dataCipher: { not: null } } })).toBe(1);
  });
});
