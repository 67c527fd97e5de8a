import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudMediaDownloader } from '../../../src/channels/cloud-api/media-download.js';
import { parseWebhook } from '../../../src/channels/cloud-api/webhook-payload.js';
import { FakeGraphMedia } from '../support/fake-graph-media.js';

const TOKEN = 'token-de-prueba';
const MAX = 32 * 1024;
const fake = new FakeGraphMedia(TOKEN);
let baseUrl = '';

beforeAll(async () => {
  baseUrl = await fake.start();
});

afterAll(async () => {
  await fake.stop();
});

const download = (token = TOKEN) => cloudMediaDownloader({ baseUrl, token, timeoutMs: 5_000, maxBytes: MAX });

describe('Cloud API media download', () => {
  it('asks the media endpoint for the URL and fetches it, both with the bearer token', async () => {
    const voice = randomBytes(2048);
    fake.files.set('m-voice', { mime: 'audio/ogg; codecs=opus', data: voice });
    const media = await download()('m-voice', 'audio/ogg');
    expect(media).toEqual({ status: 'stored', mime: 'audio/ogg; codecs=opus', data: voice });
    const calls = fake.requests.filter((r) => r.path.includes('m-voice'));
    expect(calls.map((r) => r.path.split('?')[0])).toEqual(['/v21.0/m-voice', '/files/m-voice']);
    expect(calls.every((r) => r.authorized)).toBe(true);
  });

  it('with a wrong token gets nothing and records the file as unavailable', async () => {
    fake.files.set('m-photo', { mime: 'image/jpeg', data: randomBytes(100) });
    expect(await download('otro-token')('m-photo', 'image/jpeg')).toEqual({ status: 'unavailable', mime: 'image/jpeg' });
  });

  it('asks again for a URL that expired before it was fetched', async () => {
    const photo = randomBytes(1000);
    fake.files.set('m-late', { mime: 'image/jpeg', data: photo, expiredUrls: 1 });
    expect(await download()('m-late', 'image/jpeg')).toEqual({ status: 'stored', mime: 'image/jpeg', data: photo });
    expect(fake.requests.filter((r) => r.path === '/v21.0/m-late')).toHaveLength(2);
  });

  it('gives up on a URL that keeps expiring: unavailable, never a loop', async () => {
    fake.files.set('m-gone', { mime: 'image/jpeg', data: randomBytes(10), expiredUrls: 5 });
    expect(await download()('m-gone', 'image/jpeg')).toEqual({ status: 'unavailable', mime: 'image/jpeg' });
  });

  it('records a file over MEDIA_MAX_BYTES as too large without downloading it', async () => {
    fake.files.set('m-big', { mime: 'video/mp4', data: randomBytes(10), statedSize: MAX + 1 });
    expect(await download()('m-big', 'video/mp4')).toEqual({ status: 'too_large', mime: 'video/mp4', byteSize: MAX + 1 });
    expect(fake.requests.some((r) => r.path.startsWith('/files/m-big'))).toBe(false);
  });

  it('stops reading a file that turns out larger than stated', async () => {
    fake.files.set('m-liar', { mime: 'video/mp4', data: randomBytes(MAX + 10), statedSize: 100 });
    const media = await download()('m-liar', 'video/mp4');
    expect(media.status).toBe('too_large');
  });

  it('an unknown media id is unavailable', async () => {
    expect(await download()('m-none', 'image/png')).toEqual({ status: 'unavailable', mime: 'image/png' });
  });
});

describe('Cloud API webhook: files, captions and places', () => {
  const webhook = (message: Record<string, unknown>) => ({
    object: 'whatsapp_business_account',
    entry: [{ changes: [{ field: 'messages', value: { metadata: { phone_number_id: 'P1' }, messages: [{ from: '5219981234567', id: 'wamid.X', timestamp: '1764349200', ...message }] } }] }],
  });

  it('reads an image with its caption and media id', () => {
    const content = parseWebhook(webhook({ type: 'image', image: { id: 'm-1', mime_type: 'image/jpeg', caption: ' AYUDA por favor ' } }), 'P1');
    expect(content?.messages[0]?.content).toEqual({ kind: 'non_text', messageKind: 'image', caption: 'AYUDA por favor', media: { id: 'm-1', mime: 'image/jpeg' } });
  });

  it('reads a voice note and a location', () => {
    const voice = parseWebhook(webhook({ type: 'audio', audio: { id: 'm-2', mime_type: 'audio/ogg; codecs=opus', voice: true } }), 'P1');
    expect(voice?.messages[0]?.content).toEqual({ kind: 'non_text', messageKind: 'voice', media: { id: 'm-2', mime: 'audio/ogg; codecs=opus' } });
    const place = parseWebhook(webhook({ type: 'location', location: { latitude: 21.1619, longitude: -86.8515, name: 'Parque' } }), 'P1');
    expect(place?.messages[0]?.content).toEqual({ kind: 'non_text', messageKind: 'location', location: { lat: 21.1619, lng: -86.8515, name: 'Parque' } });
  });
});
