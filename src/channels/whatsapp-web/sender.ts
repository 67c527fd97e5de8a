import type { Logger } from 'pino';
import { ChannelError, OUTSIDE_SAFE_HOURS, WITHDRAWN } from '../../app/errors.js';
import type { E164 } from '../../app/phone-number.js';
import type { OutboundMessage, SendReceipt } from '../../app/ports.js';
import type { SentRecord } from '../shared/sent-record.js';
import { digitsOf } from './chat-ids.js';
import type { WaClient } from './client.js';
import type { OwnMessages } from './own-messages.js';
import type { Pacer } from './pacer.js';
import { notReady, sendError } from './send-errors.js';
import type { ClientSupervisor } from './supervisor.js';

/** How long a send refused while not ready waits before its next try, unless set. */
const NOT_READY_RETRY_MS = 30_000;

/** What the sender needs. */
export interface SenderDeps {
  supervisor: Pick<ClientSupervisor, 'readyClient' | 'health'>;
  pacer: Pacer;
  sent: SentRecord;
  own: OwnMessages;
  log: Logger;
  /** How long "typing…" shows before the message (0: never). */
  typingMs: number;
  /** How long a send refused while not ready waits before its next try (30 s unless set). */
  notReadyRetryMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** The time, for a message's `sendBy` (the system clock unless set). */
  now?: () => Date;
}

/**
 * Sends texts through the ready client: once per idempotency key (a retried job finds the Redis record
 * and sends nothing), paced one at a time, after showing "typing…" briefly, to the id WhatsApp
 * registers for the number (`getNumberId`; a number without WhatsApp fails for good). A message whose
 * `sendBy` passed while it waited for its turn is refused (`OUTSIDE_SAFE_HOURS`), not sent late, and one
 * withdrawn meanwhile (`stillWanted`) is refused with `WITHDRAWN`, not sent at all. The send is
 * announced to {@link OwnMessages} so its echo is not taken for a person on the linked phone.
 */
export class Sender {
  private readonly chatIds = new Map<E164, string>();
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => Date;

  constructor(private readonly deps: SenderDeps) {
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = deps.now ?? (() => new Date());
  }

  /** Sends `message` unless it was sent already. */
  async send(message: OutboundMessage): Promise<SendReceipt> {
    const prior = await this.deps.sent.get(message.idempotencyKey).catch((cause: unknown) => {
      throw new ChannelError('WA_STATE_UNAVAILABLE', 'the sent-messages record cannot be read', { retryable: true, cause });
    });
    if (prior) return { channelMessageId: prior };
    if (!this.deps.supervisor.readyClient()) throw notReady(this.deps.supervisor.health(), this.deps.notReadyRetryMs ?? NOT_READY_RETRY_MS);
    let client: WaClient | null = null;
    return this.deps.pacer.run(
      () => this.sendNow(client!, message),
      async () => {
        // Its turn may come after her safe hours ended (the gaps between sends, a queue of them).
        if (message.sendBy && this.now().getTime() > message.sendBy.getTime()) {
          throw new ChannelError(OUTSIDE_SAFE_HOURS, 'its turn came after her safe hours ended', { retryable: false });
        }
        // Or after her "BAJA" or her code word withdrew it.
        if (message.stillWanted && !(await message.stillWanted())) {
          throw new ChannelError(WITHDRAWN, 'it was withdrawn while it waited for its turn', { retryable: false });
        }
        client = this.deps.supervisor.readyClient();
        if (!client) throw notReady(this.deps.supervisor.health(), this.deps.notReadyRetryMs ?? NOT_READY_RETRY_MS);
      },
    );
  }

  private async sendNow(client: WaClient, message: OutboundMessage): Promise<SendReceipt> {
    const chatId = await this.chatIdOf(client, message.to);
    const chat = await client.getChatById(chatId).catch(() => null);
    if (chat && this.deps.typingMs > 0) {
      await chat.sendStateTyping().catch(() => undefined);
      await this.sleep(this.deps.typingMs);
    }
    const ticket = this.deps.own.expect(message.text);
    let sent;
    try {
      sent = await client.sendMessage(chatId, message.text, { linkPreview: false });
    } catch (error) {
      this.deps.own.abandon(ticket);
      throw sendError(error);
    }
    if (!sent) {
      this.deps.own.abandon(ticket);
      throw new ChannelError('WA_NO_RECEIPT', 'WhatsApp returned no message for the send', { retryable: true });
    }
    const channelMessageId = sent.id.id;
    this.deps.own.confirm(ticket, channelMessageId);
    await this.deps.sent.remember(message.idempotencyKey, channelMessageId).catch(() => {
      this.deps.log.error({ contactId: message.idempotencyKey }, 'sent, but the sent-messages record could not be written');
    });
    void chat?.clearState().catch(() => undefined);
    return { channelMessageId };
  }

  private async chatIdOf(client: WaClient, to: E164): Promise<string> {
    const known = this.chatIds.get(to);
    if (known) return known;
    let id;
    try {
      id = await client.getNumberId(digitsOf(to));
    } catch (error) {
      throw sendError(error);
    }
    if (!id) throw new ChannelError('WA_NOT_ON_WHATSAPP', 'the number has no WhatsApp account', { retryable: false });
    this.chatIds.set(to, id._serialized);
    return id._serialized;
  }
}
