import type { E164 } from '../../src/app/phone-number.js';
import { describeChannelConformance } from './conformance.js';
import { buildCloud, webhookBody } from './support/cloud-harness.js';

describeChannelConformance('cloud-api (fake Graph API on 127.0.0.1)', async () => {
  const c = await buildCloud();
  c.graph.byNumber.set('5219981239999', { status: 400, code: 131026, message: 'Message undeliverable' });
  const post = async (body: object) => {
    const res = await c.webhook(body);
    if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}`);
  };
  return {
    channel: c.channel,
    events: c.events,
    async connect() {},
    async herText(from, text, id) {
      await post(webhookBody({ messages: [{ from: from.slice(1), id: `wamid.${id}`, timestamp: '1764349200', type: 'text', text: { body: text } }] }));
    },
    async herVoiceNote(from, id) {
      await post(
        webhookBody({ messages: [{ from: from.slice(1), id: `wamid.${id}`, timestamp: '1764349200', type: 'audio', audio: { id: 'media-1', mime_type: 'audio/ogg; codecs=opus', voice: true } }] }),
      );
    },
    async received(to: E164) {
      return c.graph.deliveredTo(to.slice(1));
    },
    async report(channelMessageId, status) {
      // The webhook carries the raw wamid; the receipt holds its keyed hash.
      const wamid = findWamid(channelMessageId);
      await post(webhookBody({ statuses: [{ id: wamid, status, timestamp: '1764349300', recipient_id: '5219981230001' }] }));
    },
    failNextSendTransiently() {
      c.graph.failures.push({ status: 503, code: 131000, message: 'Something went wrong' });
    },
    unreachableNumber: '+5219981239999' as E164,
    close: () => c.cleanup(),
  };

  function findWamid(channelMessageId: string): string {
    for (const wamid of c.graph.issuedWamids) if (c.messageKey(wamid) === channelMessageId) return wamid;
    throw new Error('no wamid behind this receipt');
  }
});
