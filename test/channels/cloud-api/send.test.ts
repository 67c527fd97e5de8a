import { describe, expect, it } from 'vitest';
import { ChannelError } from '../../../src/app/errors.js';
import type { E164 } from '../../../src/app/phone-number.js';
import { cloudError } from '../../../src/channels/cloud-api/cloud-errors.js';
import { GraphApiError } from '../../../src/channels/cloud-api/graph-api.js';
import { useCloud, PHONE_NUMBER_ID, TOKEN } from '../support/cloud-harness.js';

const cloud = useCloud();

let keys = 0;
const key = () => `send-${++keys}`;
const template = { name: 'acompana_saludo', language: 'es-MX' as const, parameters: ['Luz'] };

describe('Cloud API sends', () => {
  it('posts a text to /<phone-number-id>/messages with the token, without link previews', async () => {
    const to = '+5219981237001' as E164;
    const receipt = await cloud().channel.send({ to, text: 'Hola, ¿cómo estás?', idempotencyKey: key() });
    const [request] = cloud().graph.to('5219981237001');
    expect(request).toMatchObject({
      method: 'POST',
      path: `/v21.0/${PHONE_NUMBER_ID}/messages`,
      authorization: `Bearer ${TOKEN}`,
      body: { messaging_product: 'whatsapp', recipient_type: 'individual', to: '5219981237001', type: 'text', text: { preview_url: false, body: 'Hola, ¿cómo estás?' } },
    });
    expect(receipt.channelMessageId).toBe(cloud().messageKey(cloud().graph.issuedWamids.at(-1)!));
  });

  it('sends the template when her window is closed, and the text when it is open', async () => {
    const to = '+5219981237002' as E164;
    await cloud().channel.send({ to, text: '¿Es buen momento para platicar?', idempotencyKey: key(), template });
    expect(cloud().graph.to('5219981237002').at(-1)!.body).toMatchObject({
      type: 'template',
      template: { name: 'acompana_saludo', language: { code: 'es_MX' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Luz' }] }] },
    });

    await cloud().window.opened(to, new Date());
    await cloud().channel.send({ to, text: '¿Es buen momento para platicar?', idempotencyKey: key(), template });
    expect(cloud().graph.to('5219981237002').at(-1)!.body).toMatchObject({ type: 'text' });
  });

  it('sends a required template (the retry of a refused text, a person reopening the chat) even while the window looks open', async () => {
    const to = '+5219981237008' as E164;
    await cloud().window.opened(to, new Date());
    await cloud().channel.send({ to, text: 'Hola Luz', idempotencyKey: key(), template: { ...template, required: true } });
    expect(cloud().graph.to('5219981237008').map((r) => r.body['type'])).toEqual(['template']);
  });

  it('knows the window from when her case says she last wrote, when the webhook left no record', async () => {
    const to = '+5219981237009' as E164;
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600 * 1000);
    await cloud().channel.send({ to, text: 'Hola', idempotencyKey: key(), template, herLastMessageAt: hoursAgo(2) });
    await cloud().channel.send({ to, text: 'Hola', idempotencyKey: key(), template, herLastMessageAt: hoursAgo(25) });
    await cloud().channel.send({ to, text: 'Hola', idempotencyKey: key(), template, herLastMessageAt: null });
    expect(cloud().graph.to('5219981237009').map((r) => r.body['type'])).toEqual(['text', 'template', 'template']);
  });

  it('maps the template language, and leaves out components without parameters', async () => {
    const to = '+5219981237003' as E164;
    await cloud().channel.send({ to, text: 'Hi', idempotencyKey: key(), template: { name: 'acompana_hola', language: 'en', parameters: [] } });
    const body = cloud().graph.to('5219981237003').at(-1)!.body;
    expect(body['template']).toEqual({ name: 'acompana_hola', language: { code: 'en_US' } });
  });

  it('falls back to the template when WhatsApp says the window is closed, and fails for good without one', async () => {
    const to = '+5219981237004' as E164;
    await cloud().window.opened(to, new Date());
    cloud().graph.windowClosed.add('5219981237004');
    await cloud().channel.send({ to, text: 'hola', idempotencyKey: key(), template });
    expect(cloud().graph.to('5219981237004').map((r) => r.body['type'])).toEqual(['text', 'template']);

    const error = await cloud().channel.send({ to, text: 'hola', idempotencyKey: key() }).catch((e: unknown) => e as ChannelError);
    expect(error).toMatchObject({ code: 'CLOUD_REENGAGEMENT_REQUIRED', retryable: false });
  });

  it('takes a send slot of its own before the template it sends after a refused text, and sends none once the message was withdrawn', async () => {
    const to = '+5219981237091' as E164;
    await cloud().window.opened(to, new Date());
    cloud().graph.windowClosed.add('5219981237091');
    const turns: string[] = [];
    await cloud().channel.send({
      to,
      text: 'hola',
      idempotencyKey: key(),
      template,
      awaitAnotherTurn: async () => {
        // The turn is taken after the text was refused, before the template is posted.
        turns.push(cloud().graph.to('5219981237091').map((r) => r.body['type']).join(','));
      },
    });
    expect(turns).toEqual(['text']);
    expect(cloud().graph.to('5219981237091').map((r) => r.body['type'])).toEqual(['text', 'template']);

    const withdrawn = await cloud()
      .channel.send({ to, text: 'hola', idempotencyKey: key(), template, awaitAnotherTurn: async () => undefined, stillWanted: async () => false })
      .catch((e: unknown) => e as ChannelError);
    expect(withdrawn).toMatchObject({ code: 'WITHDRAWN', retryable: false });
    const late = await cloud()
      .channel.send({ to, text: 'hola', idempotencyKey: key(), template, awaitAnotherTurn: async () => undefined, sendBy: new Date(Date.now() - 1_000) })
      .catch((e: unknown) => e as ChannelError);
    expect(late).toMatchObject({ code: 'OUTSIDE_SAFE_HOURS', retryable: false });
    // Only the refused texts went out: no template after the turn found it unwanted or late.
    expect(cloud().graph.to('5219981237091').map((r) => r.body['type'])).toEqual(['text', 'template', 'text', 'text']);
  });

  it.each([
    [{ status: 400, code: 131056 }, 'CLOUD_PAIR_RATE_LIMIT', true, 15_000],
    [{ status: 429, code: 130429 }, 'CLOUD_THROUGHPUT', true, 5_000],
    [{ status: 400, code: 131047 }, 'CLOUD_REENGAGEMENT_REQUIRED', false, undefined],
    [{ status: 400, code: 131026 }, 'CLOUD_INVALID_NUMBER', false, undefined],
    [{ status: 400, code: 100 }, 'CLOUD_INVALID_REQUEST', false, undefined],
    [{ status: 400, code: 132001 }, 'CLOUD_TEMPLATE_132001', false, undefined],
    [{ status: 503, code: 131000 }, 'CLOUD_UNAVAILABLE', true, undefined],
    [{ status: 502 }, 'CLOUD_UNAVAILABLE', true, undefined],
    [{ status: 400, code: 4 }, 'CLOUD_RATE_LIMIT', true, 60_000],
    [{ status: 400, code: 368 }, 'CLOUD_ACCOUNT_BLOCKED', false, undefined],
    [{ status: 400, code: 999999 }, 'CLOUD_REFUSED_999999', false, undefined],
  ])('maps %j to %s (retryable: %s)', async (failure, code, retryable, retryAfterMs) => {
    cloud().graph.failures.push(failure);
    const error = await cloud().channel.send({ to: '+5219981237005' as E164, text: 'x', idempotencyKey: key() }).then(
      () => new ChannelError('NOT_THROWN', 'the send went through', { retryable: false }),
      (e: unknown) => e as ChannelError,
    );
    expect(error).toBeInstanceOf(ChannelError);
    expect({ code: error.code, retryable: error.retryable, retryAfterMs: error.retryAfterMs }).toEqual({ code, retryable, retryAfterMs });
  });

  it('is degraded while the token is refused, and ready again after a send goes through', async () => {
    cloud().graph.failures.push({ status: 401, code: 190, message: 'Error validating access token' });
    const error = await cloud().channel.send({ to: '+5219981237006' as E164, text: 'x', idempotencyKey: key() }).catch((e: unknown) => e as ChannelError);
    expect(error).toMatchObject({ code: 'CLOUD_AUTH', retryable: true });
    expect(cloud().channel.health()).toEqual({ state: 'degraded', detail: 'CLOUD_AUTH' });
    await cloud().channel.send({ to: '+5219981237006' as E164, text: 'x', idempotencyKey: key() });
    expect(cloud().channel.health()).toEqual({ state: 'ready' });
  });

  it('counts a send WhatsApp accepted as sent, even when its answer cannot be read', async () => {
    cloud().graph.failures.push({ status: 200, raw: '<html>gateway</html>' });
    const before = cloud().graph.requests.length;
    const receipt = await cloud().channel.send({ to: '+5219981237007' as E164, text: 'x', idempotencyKey: key() });
    // Sent, under a key no status of Meta's will match (statuses carry the wamid it could not read).
    expect(receipt.channelMessageId).toMatch(/^wamid:[0-9a-f]+$/);
    // One request: not sent again.
    expect(cloud().graph.requests.length - before).toBe(1);
  });

  it('classifies an unreachable Graph API as a retryable network failure', () => {
    expect(cloudError(new GraphApiError(0, {}))).toMatchObject({ code: 'CLOUD_NETWORK', retryable: true });
    expect(cloudError(new Error('boom'))).toMatchObject({ code: 'CLOUD_UNEXPECTED', retryable: true });
    // Maintenance of the business account lasts minutes: it waits, it does not fail her message.
    expect(cloudError(new GraphApiError(400, { code: 131057 }))).toMatchObject({ code: 'CLOUD_MAINTENANCE', retryable: true, retryAfterMs: 60_000 });
  });

  it('logs no number and no text', () => {
    for (const secret of ['5219981237001', 'Hola, ¿cómo estás?', 'Luz', TOKEN]) expect(cloud().logText()).not.toContain(secret);
  });
});
