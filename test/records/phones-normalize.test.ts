import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phonesCommand } from '../../src/cli/records/phones-command.js';
import { e164 } from '../../src/app/phone-number.js';
import { createRecordsContext, dumpTables, type RecordsContext } from './support/records-context.js';
import { captureIo } from './support/capture-io.js';

let ctx: RecordsContext;
const ids: Record<string, string> = {};

/** A number stored as it was before normalization: the text as typed, hashed as typed. */
const legacy = (ctx: RecordsContext, typed: string) => ({
  phoneCipher: ctx.privacy.cipher.encrypt(typed),
  phoneHash: ctx.privacy.hashPhone(typed as Parameters<RecordsContext['privacy']['hashPhone']>[0]),
});

beforeAll(async () => {
  ctx = await createRecordsContext();
  ids.old = (await ctx.db.survivor.create({ data: { alias: 'Antes', ...legacy(ctx, '+5219985550001') } })).id;
  ids.normal = (await ctx.db.survivor.create({ data: { alias: 'Ya normal', ...legacy(ctx, '+529985550002') } })).id;
  // The same woman twice: once as +521…, once as WhatsApp reports her.
  ids.twiceOld = (await ctx.db.survivor.create({ data: { alias: 'Dos veces (911)', ...legacy(ctx, '+5219985550003') } })).id;
  ids.twiceNew = (await ctx.db.survivor.create({ data: { alias: 'Dos veces (chat)', ...legacy(ctx, '+529985550003') } })).id;
  ids.sender = (await ctx.db.unknownSender.create({ data: legacy(ctx, '+5219985550004') })).id;
  await ctx.db.channelIdentity.create({
    data: { channel: 'whatsapp_web', externalHash: 'lid-hash', phoneHash: legacy(ctx, '+5219985550001').phoneHash, survivorId: ids.old },
  });
});

afterAll(async () => {
  await ctx?.close();
});

describe('acompana phones normalize', () => {
  it('stores and hashes old-form numbers as WhatsApp reports them, and names the duplicates it cannot merge', async () => {
    const io = captureIo(ctx);
    expect(await phonesCommand(['normalize'], io)).toBe(1);
    expect(io.out()).toContain('Números normalizados: 1 personas acompañadas, 1 números sin caso, 1 identidades de canal.');
    expect(io.err()).toBe(`acompana: persona ${ids.twiceOld}: su número normalizado ya es de otra persona; únelas a mano\n`);

    const now = e164.parse('+529985550001');
    const old = await ctx.db.survivor.findUniqueOrThrow({ where: { id: ids.old } });
    expect(old.phoneHash).toBe(ctx.privacy.hashPhone(now));
    expect(ctx.privacy.cipher.decrypt(old.phoneCipher!)).toBe('+529985550001');
    expect((await ctx.db.channelIdentity.findFirstOrThrow()).phoneHash).toBe(ctx.privacy.hashPhone(now));
    const sender = await ctx.db.unknownSender.findUniqueOrThrow({ where: { id: ids.sender } });
    expect(sender.phoneHash).toBe(ctx.privacy.hashPhone(e164.parse('+529985550004')));
    // The duplicate is left exactly as it was.
    expect(ctx.privacy.cipher.decrypt((await ctx.db.survivor.findUniqueOrThrow({ where: { id: ids.twiceOld } })).phoneCipher!)).toBe('+5219985550003');

    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'phones.renormalize' } });
    expect(audit.detail).toMatchObject({ via: 'cli', survivorsUpdated: 1, unknownSendersUpdated: 1, identitiesUpdated: 1, survivorConflicts: [ids.twiceOld] });
    expect(JSON.stringify(audit.detail)).not.toContain('998555');
  });

  it('changes nothing more when run again', async () => {
    const before = await dumpTables(ctx, ['Survivor', 'UnknownSender', 'ChannelIdentity']);
    const io = captureIo(ctx, { lang: 'en' });
    await phonesCommand(['normalize'], io);
    expect(io.out()).toContain('Numbers normalized: 0 survivors, 0 numbers without a case, 0 channel identities.');
    expect(await dumpTables(ctx, ['Survivor', 'UnknownSender', 'ChannelIdentity'])).toEqual(before);
  });
});
