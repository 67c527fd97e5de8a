import { describe, expect, it } from 'vitest';
import { useCloud, VERIFY_TOKEN, webhookBody } from '../support/cloud-harness.js';
import { e164 } from '../../../src/app/phone-number.js';

const cloud = useCloud();

const HER = '529981235555';
const message = (fields: object) => ({ from: HER, id: `wamid.${Math.random().toString(36).slice(2)}`, timestamp: '1764349200', ...fields });

describe('Cloud API webhook verification', () => {
  it('answers the challenge with the right verify token', async () => {
    const res = await cloud().app.inject({
      method: 'GET',
      url: `/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('1158201444');
    expect(res.headers['content-type']).toContain('text/plain');
  });

  it.each([
    ['a wrong token', 'hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1'],
    ['no token', 'hub.mode=subscribe&hub.challenge=1'],
    ['another mode', `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`],
  ])('refuses %s', async (_what, query) => {
    const res = await cloud().app.inject({ method: 'GET', url: `/webhooks/whatsapp?${query}` });
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('1158201444');
  });
});

describe('Cloud API webhook signature', () => {
  const body = webhookBody({ messages: [message({ type: 'text', text: { body: 'firmado' } })] });

  it.each([
    ['missing', null],
    ['wrong', `sha256=${'0'.repeat(64)}`],
    ['not hex', 'sha256=zz'],
    ['of another scheme', 'sha1=abc'],
  ])('answers 401 and processes nothing when the signature is %s', async (_what, signature) => {
    const res = await cloud().webhook(body, signature);
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain('firmado');
    expect(cloud().events.texts).toHaveLength(0);
  });

  it('answers 401 when the body was altered after signing', async () => {
    const raw = JSON.stringify(body);
    const { signatureOf } = await import('../../../src/channels/cloud-api/webhook-signature.js');
    const signature = signatureOf(raw, 'app-secret-for-tests');
    const res = await cloud().webhook(raw.replace('firmado', 'alterado'), signature);
    expect(res.statusCode).toBe(401);
    expect(cloud().events.texts).toHaveLength(0);
  });

  it('accepts a correctly signed body and answers 400 to signed non-JSON', async () => {
    expect((await cloud().webhook(body)).statusCode).toBe(200);
    expect(cloud().events.texts.map((m) => m.text)).toEqual(['firmado']);
    expect((await cloud().webhook('{"entry": [')).statusCode).toBe(400);
  });
});

describe('Cloud API webhook mapping', () => {
  it('maps texts, button and list replies as text', async () => {
    await cloud().webhook(
      webhookBody({
        messages: [
          message({ type: 'text', text: { body: '  Hola  ' } }),
          message({ type: 'button', button: { text: 'Sí', payload: 'si' } }),
          message({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'no', title: 'No' } } }),
          message({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'bien', title: 'Bien' } } }),
        ],
      }),
    );
    expect(cloud().events.texts.map((m) => [m.from, m.text, m.receivedAt])).toEqual([
      [`+${HER}`, 'Hola', '2025-11-28T17:00:00.000Z'],
      [`+${HER}`, 'Sí', '2025-11-28T17:00:00.000Z'],
      [`+${HER}`, 'No', '2025-11-28T17:00:00.000Z'],
      [`+${HER}`, 'Bien', '2025-11-28T17:00:00.000Z'],
    ]);
  });

  it('maps media by kind with captions and places, never their ids or links, and ignores system notices', async () => {
    await cloud().webhook(
      webhookBody({
        messages: [
          message({ type: 'audio', audio: { id: 'MEDIA-ID-1', voice: true } }),
          message({ type: 'audio', audio: { id: 'MEDIA-ID-2' } }),
          message({ type: 'image', image: { id: 'MEDIA-ID-3', caption: 'mi foto' } }),
          message({ type: 'sticker', sticker: { id: 'MEDIA-ID-4' } }),
          message({ type: 'location', location: { latitude: 21.16, longitude: -86.85 } }),
          message({ type: 'contacts', contacts: [{ name: { formatted_name: 'X' } }] }),
          message({ type: 'unsupported', errors: [{ code: 131051 }] }),
          message({ type: 'system', system: { body: 'cambió de número' } }),
        ],
      }),
    );
    expect(cloud().events.nonTexts.map((m) => m.kind)).toEqual(['voice', 'audio', 'image', 'sticker', 'location', 'contact_card', 'other']);
    expect(cloud().events.texts).toHaveLength(0);
    // Media ids stay at the edge (the file is downloaded there); her caption and place are handed over, to be sealed.
    expect(JSON.stringify(cloud().events.nonTexts)).not.toMatch(/MEDIA-ID/);
    expect(cloud().events.nonTexts[2]?.caption).toBe('mi foto');
    expect(cloud().events.nonTexts[4]?.location).toEqual({ lat: 21.16, lng: -86.85 });
  });

  it('maps her reaction as its emoji naming the message it is on, under the hashed id; one taken back says nothing', async () => {
    const before = cloud().events.texts.length;
    const at = String(Math.floor(Date.now() / 1000));
    await cloud().webhook(
      webhookBody({
        messages: [
          { from: '529981237777', id: 'wamid.R1', timestamp: at, type: 'reaction', reaction: { message_id: 'wamid.OURS-1', emoji: '👍' } },
          { from: '529981237777', id: 'wamid.R2', timestamp: at, type: 'reaction', reaction: { message_id: 'wamid.OURS-1' } },
          { from: '529981237777', id: 'wamid.R3', timestamp: at, type: 'reaction', reaction: { message_id: 'wamid.OURS-1', emoji: '' } },
        ],
      }),
    );
    expect(cloud().events.texts.slice(before)).toEqual([
      expect.objectContaining({ channelMessageId: cloud().messageKey('wamid.R1'), text: '👍', reactionTo: cloud().messageKey('wamid.OURS-1') }),
    ]);
    // A reaction is a message she sends: it opens her 24-hour window like any other.
    expect(await cloud().window.isOpen(e164.parse('+529981237777'))).toBe(true);
  });

  it('maps her edit and her deletion of a message under hashed ids, without opening her 24-hour window', async () => {
    const at = String(Math.floor(Date.now() / 1000));
    const nonTextsBefore = cloud().events.nonTexts.length;
    await cloud().webhook(
      webhookBody({
        messages: [
          { from: '529981238888', id: 'wamid.E1', timestamp: at, type: 'edit', edit: { original_message_id: 'wamid.HERS-1', message: { type: 'text', text: { body: ' Mejor el jueves ' } } } },
          { from: '529981238888', id: 'wamid.E2', timestamp: at, type: 'edit', edit: { original_message_id: 'wamid.HERS-2', message: { type: 'image', image: { caption: 'la foto correcta' } } } },
          { from: '529981238888', id: 'wamid.D1', timestamp: at, type: 'revoke', revoke: { original_message_id: 'wamid.HERS-1' } },
          // An edit that leaves no text says nothing.
          { from: '529981238888', id: 'wamid.E3', timestamp: at, type: 'edit', edit: { original_message_id: 'wamid.HERS-3', message: { type: 'text', text: { body: ' ' } } } },
        ],
      }),
    );
    const key = cloud().messageKey;
    expect(cloud().events.changes.map(({ channelMessageId, of, editedText }) => ({ channelMessageId, of, editedText }))).toEqual([
      { channelMessageId: key('wamid.E1'), of: key('wamid.HERS-1'), editedText: 'Mejor el jueves' },
      { channelMessageId: key('wamid.E2'), of: key('wamid.HERS-2'), editedText: 'la foto correcta' },
      { channelMessageId: key('wamid.D1'), of: key('wamid.HERS-1'), editedText: undefined },
    ]);
    expect(cloud().events.nonTexts.length).toBe(nonTextsBefore);
    expect(await cloud().window.isOpen(e164.parse('+529981238888'))).toBe(false);
  });

  it('leaves out changes for another phone number and group messages', async () => {
    await cloud().webhook(webhookBody({ phoneNumberId: '555', messages: [message({ type: 'text', text: { body: 'otro número' } })] }));
    await cloud().webhook(webhookBody({ messages: [message({ type: 'text', group_id: 'G1', text: { body: 'grupo' } })] }));
    expect(cloud().events.texts).toHaveLength(0);
  });

  it('maps statuses, with the error code of a failure, under the hashed id', async () => {
    await cloud().webhook(
      webhookBody({
        statuses: [
          { id: 'wamid.A', status: 'delivered', timestamp: '1764349300', recipient_id: HER },
          { id: 'wamid.A', status: 'read', timestamp: '1764349400', recipient_id: HER },
          { id: 'wamid.B', status: 'failed', timestamp: '1764349500', recipient_id: HER, errors: [{ code: 131047, title: 'Re-engagement message' }] },
          { id: 'wamid.C', status: 'deleted', timestamp: '1764349500', recipient_id: HER },
        ],
      }),
    );
    expect(cloud().events.statuses).toEqual([
      { channel: 'cloud_api', channelMessageId: cloud().messageKey('wamid.A'), status: 'delivered', at: '2025-11-28T17:01:40.000Z', errorCode: undefined },
      { channel: 'cloud_api', channelMessageId: cloud().messageKey('wamid.A'), status: 'read', at: '2025-11-28T17:03:20.000Z', errorCode: undefined },
      { channel: 'cloud_api', channelMessageId: cloud().messageKey('wamid.B'), status: 'failed', at: '2025-11-28T17:05:00.000Z', errorCode: 'CLOUD_131047' },
    ]);
    expect(cloud().messageKey('wamid.A')).not.toContain('wamid.A');
  });

  it('reads her message when another item of the same call has a shape it does not understand', async () => {
    const before = cloud().events.texts.length;
    const res = await cloud().webhook(
      webhookBody({
        messages: [message({ type: 'text', text: { body: 42 } }), message({ id: 'wamid.MIXED', type: 'text', text: { body: 'sigo aquí' } })],
        statuses: [{ id: 'wamid.D', status: 'failed', timestamp: '1764349500', errors: [{ code: 'no-es-número' }] }],
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(cloud().events.texts.slice(before).map((m) => m.text)).toEqual(['sigo aquí']);
    expect(cloud().logText()).toContain('"unreadable":2');
  });

  it('opens her 24-hour window when she writes', async () => {
    expect(await cloud().window.isOpen(e164.parse('+529981236666'))).toBe(false);
    await cloud().webhook(webhookBody({ messages: [{ from: '529981236666', id: 'wamid.W1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'image', image: { id: 'm' } }] }));
    expect(await cloud().window.isOpen(e164.parse('+529981236666'))).toBe(true);
  });

  it('answers 500 when the messages cannot be handed over, and hands them over on Meta\'s retry', async () => {
    const body = webhookBody({ messages: [message({ id: 'wamid.RETRY', type: 'text', text: { body: 'reintento' } })] });
    cloud().events.failing = true;
    expect((await cloud().webhook(body)).statusCode).toBe(500);
    cloud().events.failing = false;
    expect((await cloud().webhook(body)).statusCode).toBe(200);
    expect((await cloud().webhook(body)).statusCode).toBe(200);
    expect(cloud().events.texts.map((m) => m.text)).toEqual(['reintento']);
  });

  it('logs no number and no text', () => {
    for (const secret of [HER, 'firmado', 'Hola', 'mi foto', '529981236666']) expect(cloud().logText()).not.toContain(secret);
  });
});
