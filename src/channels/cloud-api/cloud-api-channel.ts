import type { Logger } from 'pino';
import { ChannelError, OUTSIDE_SAFE_HOURS, WITHDRAWN } from '../../app/errors.js';
import type { ChannelHealth, ChannelPort, OutboundMessage, SendReceipt } from '../../app/ports.js';
import type { SentRecord } from '../shared/sent-record.js';
import { cloudError, isAccountProblem } from './cloud-errors.js';
import type { ConversationWindow } from './conversation-window.js';
import type { GraphApi } from './graph-api.js';
import { templateBody, textBody } from './message-bodies.js';

/** What the Cloud API channel is built from. */
export interface CloudApiChannelDeps {
  api: GraphApi;
  window: ConversationWindow;
  sent: SentRecord;
  /** The id a `wamid` is stored under (a keyed hash: a `wamid` encodes her number). */
  messageKey: (wamid: string) => string;
  /** Template language codes by session language (`CLOUD_API_TEMPLATE_LANGUAGES`). */
  templateLanguages: Readonly<Record<string, string>>;
  log: Logger;
}

/**
 * Before a second request for the same message (its template, after WhatsApp refused the text): a
 * send slot of its own, so the fallback does not exceed the number's rate, and then, as after any
 * wait, the message must still be wanted and still inside her safe hours.
 */
async function secondTurn(message: OutboundMessage): Promise<void> {
  if (!message.awaitAnotherTurn) return;
  await message.awaitAnotherTurn();
  if (message.sendBy && Date.now() > message.sendBy.getTime()) {
    throw new ChannelError(OUTSIDE_SAFE_HOURS, 'its template turn came after her safe hours ended', { retryable: false });
  }
  if (message.stillWanted && !(await message.stillWanted())) {
    throw new ChannelError(WITHDRAWN, 'it was withdrawn while its template waited for a turn', { retryable: false });
  }
}

/**
 * The official WhatsApp Business Platform (`CHANNEL=cloud-api`) behind the channel port. Sends go
 * through the Graph API once per idempotency key; while her 24-hour window is closed (by the webhook's
 * record and by when her case says she last wrote; or WhatsApp answers that it is), a message whose
 * flow named a template is sent as that template, and a required template always (a template sent
 * after WhatsApp refused the text takes a send slot of its own: {@link secondTurn}). Errors are
 * classified by WhatsApp's codes (see cloud-errors.ts). Inbound messages and statuses arrive through
 * the webhook (routes.ts), so the channel has no `start`.
 */
export function cloudApiChannel(deps: CloudApiChannelDeps): ChannelPort {
  let health: ChannelHealth = { state: 'ready' };
  const post = async (body: Record<string, unknown>) => {
    try {
      return await deps.api.sendMessage(body);
    } catch (error) {
      throw cloudError(error);
    }
  };
  const noteFailure = (error: ChannelError) => {
    if (isAccountProblem(error)) health = { state: 'degraded', detail: error.code };
    else if (error.code === 'CLOUD_UNAVAILABLE' || error.code === 'CLOUD_NETWORK') health = { state: 'degraded', detail: error.code };
  };

  return {
    name: 'cloud_api',
    async send(message: OutboundMessage): Promise<SendReceipt> {
      const prior = await deps.sent.get(message.idempotencyKey);
      if (prior) return { channelMessageId: prior };
      const template = message.template;
      const useTemplate = template !== undefined && (template.required === true || !(await deps.window.isOpenFor(message.to, message.herLastMessageAt)));
      let wamid: string;
      try {
        if (useTemplate) wamid = await post(templateBody(message.to, template, deps.templateLanguages));
        else {
          try {
            wamid = await post(textBody(message.to, message.text));
          } catch (error) {
            if (!template || (error as ChannelError).code !== 'CLOUD_REENGAGEMENT_REQUIRED') throw error;
            await secondTurn(message);
            wamid = await post(templateBody(message.to, template, deps.templateLanguages));
          }
        }
      } catch (error) {
        noteFailure(error as ChannelError);
        deps.log.warn({ contactId: message.idempotencyKey, code: (error as ChannelError).code }, 'Cloud API did not take the message');
        throw error;
      }
      health = { state: 'ready' };
      const channelMessageId = deps.messageKey(wamid);
      await deps.sent.remember(message.idempotencyKey, channelMessageId).catch(() => {
        deps.log.error({ contactId: message.idempotencyKey }, 'sent, but the sent-messages record could not be written');
      });
      return { channelMessageId };
    },
    health: () => ({ ...health }),
    async close() {},
  };
}
