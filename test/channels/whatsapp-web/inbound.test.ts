import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../support/test-service.js';
import { buildGateway, type GatewayUnderTest } from '../support/whatsapp-gateway.js';
import { FakeWhatsApp, waMessage } from '../support/fake-whatsapp.js';
import { e164 } from '../../../src/app/phone-number.js';

const HER = '529981231111';
const HER_JID = `${HER}@c.us`;
let g: GatewayUnderTest;

beforeAll(async () => {
  const world = new FakeWhatsApp();
  world.registered.add(HER);
  world.unread.set('529981232222@c.us', [
    waMessage({ id: 'OFFLINE-1', from: '529981232222@c.us', to: world.me, body: 'Te escribí anoche' }),
    waMessage({ id: 'OFFLINE-2', from: '529981232222@c.us', to: world.me, type: 'image', hasMedia: true }),
  ]);
  world.unread.set('120363012345678901@g.us', [waMessage({ id: 'GROUP-OFFLINE', from: '120363012345678901@g.us', to: world.me, body: 'grupo' })]);
  g = await buildGateway({ world });
  await g.channel.start(g.events);
  await eventually(async () => (g.channel.health().state === 'ready' ? true : undefined), 5_000, 'ready');
});
afterAll(async () => {
  await g?.cleanup();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('whatsapp-web inbound', () => {
  it('catches up on unread person chats when ready, once, leaving groups out', async () => {
    const caught = await eventually(
      async () =>
        g.events.texts.some((m) => m.channelMessageId === 'OFFLINE-1') && g.events.nonTexts.some((m) => m.channelMessageId === 'OFFLINE-2')
          ? g.events
          : undefined,
      5_000,
      'catch-up',
    );
    expect(caught.texts.find((m) => m.channelMessageId === 'OFFLINE-1')).toMatchObject({ from: '+529981232222', text: 'Te escribí anoche' });
    expect(caught.nonTexts.find((m) => m.channelMessageId === 'OFFLINE-2')).toMatchObject({ kind: 'image' });
    expect(caught.texts.some((m) => m.channelMessageId === 'GROUP-OFFLINE')).toBe(false);

    g.world.client.emit('ready');
    await settle();
    expect(g.events.texts.filter((m) => m.channelMessageId === 'OFFLINE-1')).toHaveLength(1);
  });

  it('hands over one event per message although the library fires message and message_create', async () => {
    g.world.receive(HER_JID, 'una sola vez', { id: 'ONCE-1' });
    await eventually(async () => (g.events.texts.some((m) => m.channelMessageId === 'ONCE-1') ? true : undefined), 5_000, 'the message');
    await settle();
    expect(g.events.texts.filter((m) => m.channelMessageId === 'ONCE-1')).toHaveLength(1);
  });

  it.each([
    ['a group', { from: '120363012345678901@g.us' }],
    ['a status update', { from: 'status@broadcast', isStatus: true }],
    ['a newsletter', { from: '120363999999999999@newsletter' }],
    ['a broadcast list', { from: '1234567890@broadcast', broadcast: true }],
  ])('ignores %s', async (_what, fields) => {
    const before = g.events.texts.length + g.events.nonTexts.length;
    g.world.receive(fields.from, 'no es para el servicio', { isStatus: 'isStatus' in fields, broadcast: 'broadcast' in fields });
    await settle();
    expect(g.events.texts.length + g.events.nonTexts.length).toBe(before);
  });

  it('hands over her reaction to a message the phone sent as its emoji, naming that message, once', async () => {
    const reaction = g.world.react(HER_JID, { id: 'OURS-1', ours: true }, '👍', { id: 'REACT-1' });
    g.world.client.emit('message_reaction', reaction);
    const handed = await eventually(async () => g.events.texts.find((m) => m.channelMessageId === 'REACT-1'), 5_000, 'the reaction');
    expect(handed).toMatchObject({ channel: 'whatsapp_web', from: '+529981231111', text: '👍', reactionTo: 'OURS-1' });
    await settle();
    expect(g.events.texts.filter((m) => m.channelMessageId === 'REACT-1')).toHaveLength(1);
  });

  it.each([
    ['taken back', () => g.world.react(HER_JID, { id: 'OURS-2', ours: true }, '')],
    ['on her own message', () => g.world.react(HER_JID, { id: 'HERS-1', ours: false }, '👍')],
    ['made on the linked phone', () => g.world.react(HER_JID, { id: 'OURS-3', ours: true }, '👍', { byPhone: true })],
    ['in a group', () => g.world.react('120363012345678901@g.us', { id: 'OURS-4', ours: true }, '👍')],
  ])('ignores a reaction %s', async (_what, react) => {
    const before = g.events.texts.length;
    react();
    await settle();
    expect(g.events.texts.length).toBe(before);
  });

  it('hands over her call as it rings as a non-text message of kind call, once; not a group call nor the phone\'s own', async () => {
    const call = { id: 'CALL-1', from: HER_JID, timestamp: 1_764_349_200, isVideo: false, isGroup: false, fromMe: false };
    g.world.client.emit('call', call);
    g.world.client.emit('call', call);
    g.world.client.emit('call', { ...call, id: 'CALL-GROUP', isGroup: true });
    g.world.client.emit('call', { ...call, id: 'CALL-OURS', fromMe: true });
    const handed = await eventually(async () => g.events.nonTexts.find((m) => m.channelMessageId === 'llamada:CALL-1'), 5_000, 'the call');
    expect(handed).toEqual({ channel: 'whatsapp_web', channelMessageId: 'llamada:CALL-1', from: `+${HER}`, kind: 'call', receivedAt: '2025-11-28T17:00:00.000Z' });
    await settle();
    expect(g.events.nonTexts.filter((m) => m.channelMessageId.startsWith('llamada:'))).toHaveLength(1);
  });

  it('hands over her edit and her deletion of a message she sent, each once, naming that message', async () => {
    const sent = g.world.receive(HER_JID, 'Mañana sí puedo', { id: 'HERS-EDIT' });
    await eventually(async () => g.events.texts.find((m) => m.channelMessageId === 'HERS-EDIT'), 5_000, 'her message');
    g.world.edit(sent, 'Mañana no puedo');
    g.world.edit(sent, 'Mañana no puedo');
    const edited = await eventually(async () => g.events.changes.find((c) => c.of === 'HERS-EDIT' && c.editedText), 5_000, 'the edit');
    expect(edited).toEqual({ channel: 'whatsapp_web', channelMessageId: expect.stringMatching(/^HERS-EDIT:editado:[0-9a-f]{16}$/), from: `+${HER}`, of: 'HERS-EDIT', editedText: 'Mañana no puedo', at: expect.any(String) });
    g.world.edit(sent, 'Mejor el jueves');
    g.world.revoke(sent);
    g.world.revoke(sent);
    await eventually(async () => g.events.changes.find((c) => c.of === 'HERS-EDIT' && c.editedText === undefined), 5_000, 'the deletion');
    await settle();
    expect(g.events.changes.filter((c) => c.of === 'HERS-EDIT').map((c) => c.editedText ?? '(borrado)')).toEqual(['Mañana no puedo', 'Mejor el jueves', '(borrado)']);
    // The deletion is no message of hers.
    expect(g.events.texts.filter((m) => m.channelMessageId.startsWith('HERS-EDIT'))).toHaveLength(1);
  });

  it('tells apart two edits to the same text by the key of each edit, when WhatsApp Web gives one', async () => {
    const sent = g.world.receive(HER_JID, 'A las 5', { id: 'HERS-KEYED' });
    g.world.edit(sent, 'A las 6', 'EDIT-1');
    g.world.edit(sent, 'A las 5', 'EDIT-2');
    g.world.edit(sent, 'A las 6', 'EDIT-3');
    g.world.edit(sent, 'A las 6', 'EDIT-3');
    await eventually(async () => g.events.changes.find((c) => c.channelMessageId === 'HERS-KEYED:editado:EDIT-3'), 5_000, 'the third edit');
    await settle();
    expect(g.events.changes.filter((c) => c.of === 'HERS-KEYED').map((c) => c.editedText)).toEqual(['A las 6', 'A las 5', 'A las 6']);
  });

  it('ignores the linked phone\'s own edits and deletions, and those in a group', async () => {
    const before = g.events.changes.length;
    g.world.edit(waMessage({ id: 'OURS-EDIT', from: g.world.me, to: HER_JID, fromMe: true, body: 'Hola' }), 'Hola de nuevo');
    g.world.revoke(waMessage({ id: 'GROUP-DEL', from: '120363012345678901@g.us', to: g.world.me, body: 'grupo' }));
    await settle();
    expect(g.events.changes.length).toBe(before);
  });

  it('ignores reactions, revoked messages and notifications', async () => {
    const before = g.events.texts.length + g.events.nonTexts.length;
    for (const type of ['reaction', 'revoked', 'e2e_notification', 'notification_template', 'ciphertext']) g.world.receive(HER_JID, '', { type });
    await settle();
    expect(g.events.texts.length + g.events.nonTexts.length).toBe(before);
  });

  it.each([
    ['ptt', 'voice'],
    ['audio', 'audio'],
    ['image', 'image'],
    ['video', 'video'],
    ['document', 'document'],
    ['sticker', 'sticker'],
    ['location', 'location'],
    ['vcard', 'contact_card'],
    ['poll_creation', 'other'],
  ])('records a %s message as kind %s', async (type, kind) => {
    const id = `MEDIA-${type}`;
    g.world.receive(HER_JID, '', { id, type });
    const note = await eventually(async () => g.events.nonTexts.find((m) => m.channelMessageId === id), 5_000, 'the non-text message');
    expect(note).toEqual({ channel: 'whatsapp_web', channelMessageId: id, from: `+${HER}`, kind, receivedAt: expect.any(String) });
  });

  it('downloads a voice note through downloadMedia and hands it over with the message, logging none of it', async () => {
    const voice = Buffer.from('OggS-voz-de-prueba');
    g.world.receive(HER_JID, '', { id: 'VOICE-1', type: 'ptt', media: { mimetype: 'audio/ogg; codecs=opus', data: voice.toString('base64') } });
    const note = await eventually(async () => g.events.nonTexts.find((m) => m.channelMessageId === 'VOICE-1'), 5_000, 'the voice note');
    expect(note).toMatchObject({ kind: 'voice', media: { status: 'stored', mime: 'audio/ogg; codecs=opus' } });
    expect(note?.media?.status === 'stored' && Buffer.from(note.media.data).equals(voice)).toBe(true);
    expect(g.logText()).not.toContain(voice.toString('base64'));
  });

  it('hands over a photo\'s caption (whatsapp-web.js puts it in body), and a failed download as unavailable', async () => {
    g.world.receive(HER_JID, 'AYUDA por favor', { id: 'PHOTO-1', type: 'image', media: null });
    const photo = await eventually(async () => g.events.nonTexts.find((m) => m.channelMessageId === 'PHOTO-1'), 5_000, 'the photo');
    expect(photo).toMatchObject({ kind: 'image', caption: 'AYUDA por favor', media: { status: 'unavailable' } });
    expect(g.logText()).not.toContain('AYUDA');
  });

  it('records a file over the cap as too large without downloading it, and a shared place with its coordinates', async () => {
    let downloads = 0;
    g.world.receive(HER_JID, '', { id: 'VIDEO-1', type: 'video', media: { mimetype: 'video/mp4', data: 'AAAA', filesize: 17 * 1024 * 1024 }, onDownload: () => (downloads += 1) });
    const video = await eventually(async () => g.events.nonTexts.find((m) => m.channelMessageId === 'VIDEO-1'), 5_000, 'the video');
    expect(video?.media).toEqual({ status: 'too_large', mime: 'video/mp4', byteSize: 17 * 1024 * 1024 });
    // WhatsApp announced its size: the file was never pulled into the browser or this process.
    expect(downloads).toBe(0);
    g.world.receive(HER_JID, '', { id: 'PLACE-1', type: 'location', location: { latitude: 21.1619, longitude: -86.8515, description: 'Parque\nCancún' } });
    const place = await eventually(async () => g.events.nonTexts.find((m) => m.channelMessageId === 'PLACE-1'), 5_000, 'the place');
    expect(place).toMatchObject({ kind: 'location', location: { lat: 21.1619, lng: -86.8515, name: 'Parque' } });
  });

  it('maps a @lid sender to her number through WhatsApp, and stores the mapping', async () => {
    g.world.lids.set('123456789012345@lid', `${HER}@c.us`);
    g.world.receive('123456789012345@lid', 'desde lid', { id: 'LID-1' });
    const message = await eventually(async () => g.events.texts.find((m) => m.channelMessageId === 'LID-1'), 5_000, 'the @lid message');
    expect(message.from).toBe(`+${HER}`);
    expect(g.identities.map.get('whatsapp_web:123456789012345@lid')).toBe(`+${HER}`);
  });

  it('uses the stored @lid mapping when WhatsApp does not answer, and holds back a message from an unknown @lid', async () => {
    await g.identities.remember('whatsapp_web', '999999999999999@lid', e164.parse('+529981233333'));
    g.world.receive('999999999999999@lid', 'mapeo guardado', { id: 'LID-2' });
    const message = await eventually(async () => g.events.texts.find((m) => m.channelMessageId === 'LID-2'), 5_000, 'the stored mapping');
    expect(message.from).toBe('+529981233333');

    g.world.receive('888888888888888@lid', 'nadie', { id: 'LID-3' });
    await settle();
    expect(g.events.texts.some((m) => m.channelMessageId === 'LID-3')).toBe(false);
    expect(g.logText()).toContain('no number found for a WhatsApp chat');

    // Not marked as handed over: once WhatsApp can map it, the next delivery (catch-up) goes through.
    g.world.lids.set('888888888888888@lid', '529981237777@c.us');
    g.world.receive('888888888888888@lid', 'nadie', { id: 'LID-3' });
    const late = await eventually(async () => g.events.texts.find((m) => m.channelMessageId === 'LID-3'), 5_000, 'the mapped message');
    expect(late.from).toBe('+529981237777');
  });

  it('treats a message typed on the linked phone as a takeover, but not the echo of its own sends', async () => {
    await g.channel.send({ to: e164.parse(`+${HER}`), text: 'Hola, soy Ana', idempotencyKey: 'own-1' });
    g.world.echoBeforeResolve = false;
    await g.channel.send({ to: e164.parse(`+${HER}`), text: 'Otro mensaje del bot', idempotencyKey: 'own-2' });
    g.world.echoBeforeResolve = true;
    await settle();
    expect(g.events.takeovers).toHaveLength(0);

    const typed = g.world.typeOnLinkedPhone(HER_JID, 'Hola, te escribe Marta');
    const takeover = await eventually(async () => g.events.takeovers[0], 5_000, 'the takeover');
    expect(takeover).toEqual({
      channel: 'whatsapp_web',
      channelMessageId: typed.id.id,
      to: e164.parse(`+${HER}`),
      kind: 'text',
      text: 'Hola, te escribe Marta',
      at: expect.any(String),
    });

    g.world.typeOnLinkedPhone(HER_JID, '', { type: 'ptt' });
    await eventually(async () => (g.events.takeovers.length === 2 ? true : undefined), 5_000, 'the voice takeover');
    expect(g.events.takeovers[1]).toMatchObject({ kind: 'voice', text: '' });

    g.world.typeOnLinkedPhone('120363012345678901@g.us', 'en un grupo');
    await settle();
    expect(g.events.takeovers).toHaveLength(2);
  });

  it('turns acks of sent messages into delivery statuses', async () => {
    const receipt = await g.channel.send({ to: e164.parse(`+${HER}`), text: '¿Todo bien?', idempotencyKey: 'ack-1' });
    for (const ack of [0, 1, 2, 3, 4, -1] as const) g.world.ack(receipt.channelMessageId, ack);
    await eventually(async () => (g.events.statuses.filter((s) => s.channelMessageId === receipt.channelMessageId).length === 5 ? true : undefined), 5_000, 'statuses');
    expect(g.events.statuses.filter((s) => s.channelMessageId === receipt.channelMessageId).map((s) => [s.status, s.errorCode])).toEqual([
      ['sent', undefined],
      ['delivered', undefined],
      ['read', undefined],
      ['read', undefined],
      ['failed', 'WA_ACK_ERROR'],
    ]);
  });

  it('hands a message over once the queue is back after a short outage', async () => {
    g.events.failing = true;
    g.world.receive(HER_JID, 'durante la caída', { id: 'OUTAGE-1' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    g.events.failing = false;
    await eventually(async () => g.events.texts.find((m) => m.channelMessageId === 'OUTAGE-1'), 8_000, 'the message after the outage');
  });

  it('drops a message the flood guard refuses, without retrying it', async () => {
    g.events.rateLimited = true;
    g.world.receive(HER_JID, 'demasiados', { id: 'FLOOD-1' });
    await eventually(async () => (g.events.refused === 1 ? true : undefined), 5_000, 'the refusal');
    await new Promise((resolve) => setTimeout(resolve, 700));
    g.events.rateLimited = false;
    expect(g.events.refused).toBe(1);
    g.world.receive(HER_JID, 'demasiados', { id: 'FLOOD-1' });
    await settle();
    expect(g.events.texts.some((m) => m.channelMessageId === 'FLOOD-1')).toBe(false);
    expect(g.logText()).toContain('over the message rate limit');
  });

  it('logs no number and no text', () => {
    const log = g.logText();
    for (const secret of [HER, '529981232222', 'Te escribí anoche', 'Hola, te escribe Marta', 'desde lid', '123456789012345']) {
      expect(log).not.toContain(secret);
    }
  });
});
