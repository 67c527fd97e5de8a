import type { Queue } from 'bullmq';
import type { InboundMessage, InboundSink } from '../app/ports.js';
import type { FieldCipher } from '../privacy/field-cipher.js';
import { inboundJobId, type InboundJob } from './job-payloads.js';

/**
 * The {@link InboundSink} that puts each message on the inbound queue, sealed, under a job id derived
 * from the channel message id so a repeated delivery adds nothing while the first is known.
 */
export function queueInboundSink(queue: Queue<InboundJob>, cipher: FieldCipher): InboundSink {
  return {
    async accept(message: InboundMessage) {
      const sealed = Buffer.from(cipher.encrypt(JSON.stringify({ from: message.from, text: message.text }))).toString('base64');
      const job: InboundJob = {
        kind: 'inbound',
        channel: message.channel,
        channelMessageId: message.channelMessageId,
        receivedAt: message.receivedAt,
        sealed,
      };
      await queue.add('inbound', job, { jobId: inboundJobId(message.channel, message.channelMessageId) });
    },
  };
}
