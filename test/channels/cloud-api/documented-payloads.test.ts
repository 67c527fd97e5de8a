/**
 * The webhook bodies as Meta's webhook reference documents them (messages and statuses of the
 * `messages` field), whole: every field Meta sends is present, not only those the channel reads.
 */
import { describe, expect, it } from 'vitest';
import { useCloud, PHONE_NUMBER_ID } from '../support/cloud-harness.js';

const cloud = useCloud();
const HER = '529981237777';
const AT = '1764349200';

/** One documented notification: a WABA entry with one `messages` change. */
function notification(value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

const contacts = [{ profile: { name: 'Sheena Nelson' }, wa_id: HER }];

describe("Meta's documented webhook payloads", () => {
  it('text message', async () => {
    await cloud().webhook(
      notification({ contacts, messages: [{ from: HER, id: 'wamid.DOC-TEXT', timestamp: AT, type: 'text', text: { body: 'Hola, ¿me puedes llamar?' } }] }),
    );
    expect(cloud().events.texts).toEqual([
      { channel: 'cloud_api', channelMessageId: cloud().messageKey('wamid.DOC-TEXT'), from: `+${HER}`, receivedAt: '2025-11-28T17:00:00.000Z', text: 'Hola, ¿me puedes llamar?' },
    ]);
  });

  it('image message: recorded by kind only', async () => {
    await cloud().webhook(
      notification({
        contacts,
        messages: [
          {
            from: HER,
            id: 'wamid.DOC-IMAGE',
            timestamp: AT,
            type: 'image',
            image: { caption: 'mira', mime_type: 'image/jpeg', sha256: 'KIVYX3pZ0xxCC8AxeM2ic6p6W/6ED7c2mEEnTx1fNo8=', id: '1003383421387256' },
          },
        ],
      }),
    );
    expect(cloud().events.nonTexts.map((m) => m.kind)).toEqual(['image']);
    expect(cloud().events.texts).toEqual([]);
  });

  it('reply button of a template (quick reply) and of an interactive message: read as her answer', async () => {
    await cloud().webhook(
      notification({
        contacts,
        messages: [
          {
            context: { from: '15550783881', id: 'wamid.OPENER' },
            from: HER,
            id: 'wamid.DOC-BUTTON',
            timestamp: AT,
            type: 'button',
            button: { payload: 'si', text: 'Sí' },
          },
          {
            context: { from: '15550783881', id: 'wamid.OPENER2' },
            from: HER,
            id: 'wamid.DOC-INTERACTIVE',
            timestamp: AT,
            type: 'interactive',
            interactive: { type: 'button_reply', button_reply: { id: 'mas_tarde', title: 'Más tarde' } },
          },
        ],
      }),
    );
    expect(cloud().events.texts.map((m) => m.text)).toEqual(['Sí', 'Más tarde']);
  });

  it('reaction and unsupported message: a reaction is read as its emoji on the message it names; an unsupported one is recorded as other', async () => {
    await cloud().webhook(
      notification({
        contacts,
        messages: [
          { from: HER, id: 'wamid.DOC-REACTION', timestamp: AT, type: 'reaction', reaction: { message_id: 'wamid.OURS', emoji: '❤️' } },
          {
            from: HER,
            id: 'wamid.DOC-UNSUPPORTED',
            timestamp: AT,
            type: 'unsupported',
            errors: [{ code: 131051, title: 'Message type unknown', message: 'Message type unknown', error_data: { details: 'Message type is currently not supported.' } }],
          },
        ],
      }),
    );
    expect(cloud().events.texts.map((m) => [m.channelMessageId, m.text, m.reactionTo])).toEqual([
      [cloud().messageKey('wamid.DOC-REACTION'), '❤️', cloud().messageKey('wamid.OURS')],
    ]);
    expect(cloud().events.nonTexts.map((m) => [m.channelMessageId, m.kind])).toEqual([[cloud().messageKey('wamid.DOC-UNSUPPORTED'), 'other']]);
  });

  it('statuses sent, delivered, read and failed with its errors', async () => {
    const conversation = { id: 'CONVERSATION_ID', expiration_timestamp: '1764435600', origin: { type: 'utility' } };
    const pricing = { billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' };
    await cloud().webhook(
      notification({
        statuses: [
          { id: 'wamid.DOC-S1', status: 'sent', timestamp: AT, recipient_id: HER, conversation, pricing },
          { id: 'wamid.DOC-S1', status: 'delivered', timestamp: '1764349260', recipient_id: HER, conversation, pricing },
          { id: 'wamid.DOC-S1', status: 'read', timestamp: '1764349320', recipient_id: HER },
          {
            id: 'wamid.DOC-S2',
            status: 'failed',
            timestamp: '1764349380',
            recipient_id: HER,
            errors: [
              {
                code: 131047,
                title: 'Re-engagement message',
                message: 'Re-engagement message',
                error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' },
                href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
              },
            ],
          },
          { id: 'wamid.DOC-S3', status: 'failed', timestamp: '1764349380', recipient_id: HER },
        ],
      }),
    );
    expect(cloud().events.statuses.map((s) => [s.channelMessageId, s.status, s.at, s.errorCode])).toEqual([
      [cloud().messageKey('wamid.DOC-S1'), 'sent', '2025-11-28T17:00:00.000Z', undefined],
      [cloud().messageKey('wamid.DOC-S1'), 'delivered', '2025-11-28T17:01:00.000Z', undefined],
      [cloud().messageKey('wamid.DOC-S1'), 'read', '2025-11-28T17:02:00.000Z', undefined],
      [cloud().messageKey('wamid.DOC-S2'), 'failed', '2025-11-28T17:03:00.000Z', 'CLOUD_131047'],
      [cloud().messageKey('wamid.DOC-S3'), 'failed', '2025-11-28T17:03:00.000Z', 'CLOUD_FAILED'],
    ]);
  });

  it('logs no number and no text', () => {
    for (const secret of [HER, 'Hola, ¿me puedes llamar?', 'mira']) expect(cloud().logText()).not.toContain(secret);
  });
});
