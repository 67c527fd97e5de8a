import type { Queue } from 'bullmq';
import type { ChannelEvents, InboundMedia, InboundMessage, InboundSink } from '../app/ports.js';
import type { FieldCipher } from '../privacy/field-cipher.js';
import { deliveryStatusJobId, inboundJobId, takeoverJobId, type InboundJob } from './job-payloads.js';

/**
 * The {@link ChannelEvents} that put what channels hand over on the inbound queue: numbers and texts
 * sealed with the data key, each under a job id derived from the channel message id, so a repeated
 * delivery adds nothing while the first is known. Each call resolves once the job is in Redis.
 */
export function queueChannelEvents(queue: Queue<InboundJob>, cipher: FieldCipher): ChannelEvents {
  const seal = (content: object) => Buffer.from(cipher.encrypt(JSON.stringify(content))).toString('base64');
  return {
    async inbound(message) {
      const job: InboundJob = {
        kind: 'inbound',
        channel: message.channel,
        channelMessageId: message.channelMessageId,
        receivedAt: message.receivedAt,
        sealed: seal({ from: message.from, text: message.text }),
        ...(message.reactionTo ? { reactionTo: message.reactionTo } : {}),
      };
      await queue.add('inbound', job, { jobId: inboundJobId(message.channel, message.channelMessageId) });
    },
    async nonTextInbound(message) {
      const job: InboundJob = {
        kind: 'non_text',
        channel: message.channel,
        channelMessageId: message.channelMessageId,
        messageKind: message.kind,
        receivedAt: message.receivedAt,
        sealed: seal({
          from: message.from,
          ...(message.caption ? { caption: message.caption } : {}),
          ...(message.media ? { media: sealableMedia(message.media) } : {}),
          ...(message.location ? { location: message.location } : {}),
        }),
      };
      await queue.add('non_text', job, { jobId: inboundJobId(message.channel, message.channelMessageId) });
    },
    async humanTookOver(event) {
      const job: InboundJob = {
        kind: 'takeover',
        channel: event.channel,
        channelMessageId: event.channelMessageId,
        messageKind: event.kind,
        at: event.at,
        sealed: seal({ to: event.to, text: event.text }),
      };
      await queue.add('takeover', job, { jobId: takeoverJobId(event.channel, event.channelMessageId) });
    },
    async messageChanged(change) {
      const job: InboundJob = {
        kind: 'her_change',
        channel: change.channel,
        channelMessageId: change.channelMessageId,
        of: change.of,
        at: change.at,
        sealed: seal({ from: change.from, ...(change.editedText === undefined ? {} : { editedText: change.editedText }) }),
      };
      await queue.add('her_change', job, { jobId: inboundJobId(change.channel, change.channelMessageId) });
    },
    async deliveryStatus(update) {
      const job: InboundJob = {
        kind: 'delivery_status',
        channel: update.channel,
        channelMessageId: update.channelMessageId,
        status: update.status,
        at: update.at,
        ...(update.errorCode ? { errorCode: update.errorCode.slice(0, 64) } : {}),
      };
      await queue.add('delivery_status', job, {
        jobId: deliveryStatusJobId(update.channel, update.channelMessageId, update.status),
      });
    },
  };
}

/** A file as JSON inside the sealed payload: its bytes as base64. */
function sealableMedia(media: InboundMedia): object {
  return media.status === 'stored' ? { ...media, data: Buffer.from(media.data).toString('base64') } : media;
}

/** The {@link InboundSink} over {@link queueChannelEvents}: texts she sent, onto the inbound queue. */
export function queueInboundSink(queue: Queue<InboundJob>, cipher: FieldCipher): InboundSink {
  const events = queueChannelEvents(queue, cipher);
  return { accept: (message: InboundMessage) => events.inbound(message) };
}
