import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { WaChat, WaClient, WaMessage, WaReaction } from '../../../src/channels/whatsapp-web/client.js';

/** How a fake client's `initialize()` behaves. */
export type StartupScript =
  | { kind: 'normal' }
  | { kind: 'hang' }
  | { kind: 'reject'; error: unknown }
  | { kind: 'silent' };

/** A message as whatsapp-web.js builds it (the fields of its `Message`, with `rawData`-free extras). */
export function waMessage(fields: {
  id?: string;
  from: string;
  to: string;
  fromMe?: boolean;
  type?: string;
  body?: string;
  timestamp?: number;
  hasMedia?: boolean;
  isStatus?: boolean;
  broadcast?: boolean;
  ack?: number;
  /** The file `downloadMedia()` gives (whatsapp-web.js's `MessageMedia`: base64 data); `null`: the download fails. */
  media?: { mimetype: string; data: string; filesize?: number } | null;
  /** A shared place, as whatsapp-web.js gives it. */
  location?: { latitude: number; longitude: number; description?: string };
  /** Called on each `downloadMedia()`: counts the downloads a test expects none of. */
  onDownload?: () => void;
}): WaMessage {
  const id = fields.id ?? randomBytes(10).toString('hex').toUpperCase();
  const fromMe = fields.fromMe ?? false;
  const remote = fromMe ? fields.to : fields.from;
  const message = {
    id: { fromMe, remote, id, _serialized: `${fromMe}_${remote}_${id}` },
    ack: (fields.ack ?? (fromMe ? 0 : -1)) as WaMessage['ack'],
    hasMedia: fields.hasMedia ?? fields.media !== undefined,
    downloadMedia: async () => {
      fields.onDownload?.();
      if (fields.media === null) throw new Error('download failed');
      return fields.media;
    },
    // WhatsApp Web's own record of the message, where the file's size is known before any download.
    _data: fields.media ? { mimetype: fields.media.mimetype, ...(fields.media.filesize === undefined ? {} : { size: fields.media.filesize }) } : {},
    body: fields.body ?? '',
    type: (fields.type ?? 'chat') as WaMessage['type'],
    timestamp: fields.timestamp ?? Math.floor(Date.now() / 1000),
    from: fields.from,
    to: fields.to,
    author: undefined,
    deviceType: 'android',
    isForwarded: false,
    forwardingScore: 0,
    isStatus: fields.isStatus ?? false,
    isStarred: false,
    broadcast: fields.broadcast ?? false,
    fromMe,
    hasQuotedMsg: false,
    hasReaction: false,
    duration: '',
    location: fields.location,
    vCards: [],
    mentionedIds: [],
    groupMentions: [],
    links: [],
  };
  return message as unknown as WaMessage;
}

/**
 * A fake WhatsApp: the phone network, the linked session and the browser, shared by every client the
 * gateway builds (it builds a new one after each failure, as the library asks). Its clients emit the
 * library's events with the library's payloads (see `src/channels/whatsapp-web/client.ts`).
 */
export class FakeWhatsApp {
  /** The unit's own id (the linked phone). */
  readonly me = '5219980000000@c.us';
  readonly clients: FakeWaClient[] = [];
  /** Whether a phone is linked (the session folder holds a session). */
  linked = true;
  /** What the next clients' `initialize()` does, one entry per client (the last one repeats). */
  startups: StartupScript[] = [{ kind: 'normal' }];
  /** Numbers with WhatsApp (digits). Unknown numbers make `getNumberId` answer null. */
  readonly registered = new Set<string>();
  /** `@lid` → `@c.us`, as `getContactLidAndPhone` answers. */
  readonly lids = new Map<string, string>();
  /** Messages sent through any client, in order. */
  readonly sent: { chatId: string; text: string; id: string; at: number }[] = [];
  /** Chats with unread messages waiting (for catch-up). */
  readonly unread = new Map<string, WaMessage[]>();
  /** Chats shown "typing…", in order. */
  readonly typing: string[] = [];
  /** Errors the next sends throw, in order. */
  readonly sendFailures: unknown[] = [];
  /** Whether a send's echo (`message_create`, fromMe) comes before `sendMessage` resolves. */
  echoBeforeResolve = true;
  /** Whether `destroy()` never returns (a browser that hangs on close). */
  destroyHangs = false;
  /** The pid the fake browser reports. */
  browserPid: number | undefined = undefined;

  /** The factory the gateway calls. */
  readonly factory = (): WaClient => {
    const script = this.startups[Math.min(this.clients.length, this.startups.length - 1)] ?? { kind: 'normal' };
    const client = new FakeWaClient(this, script);
    this.clients.push(client);
    return client;
  };

  /** The newest client. */
  get client(): FakeWaClient {
    const client = this.clients.at(-1);
    if (!client) throw new Error('no client built yet');
    return client;
  }

  /** Her phone sends `body` (or a media `type`) from `from` (a JID). */
  receive(
    from: string,
    body: string,
    options: Partial<Omit<Parameters<typeof waMessage>[0], 'from' | 'body' | 'fromMe'>> = {},
  ): WaMessage {
    const message = waMessage({ from, to: options.to ?? this.me, body, ...options });
    this.client.emit('message_create', message);
    this.client.emit('message', message);
    return message;
  }

  /**
   * Her edit of `message` to `newBody`, as whatsapp-web.js reports it (`message_edit`: the message as
   * it is now, under its own id, with the new and the earlier text; `editKey`: the edit's own key,
   * which WhatsApp Web gives on recent versions).
   */
  edit(message: WaMessage, newBody: string, editKey?: string): void {
    const key = editKey ? { latestEditMsgKey: { ...message.id, id: editKey, _serialized: `${message.id.fromMe}_${message.from}_${editKey}` }, latestEditSenderTimestampMs: Date.now() } : {};
    this.client.emit('message_edit', { ...message, body: newBody, ...key }, newBody, message.body);
  }

  /**
   * Her deletion of `message` for everyone (`message_revoke_everyone`: the message as it is now, a
   * `revoked` one under the same id, then the earlier one).
   */
  revoke(message: WaMessage): void {
    this.client.emit('message_revoke_everyone', { ...message, type: 'revoked', body: '' }, message);
  }

  /**
   * A reaction in chat `chat` (a JID) on message `on` (`ours`: one the linked phone sent), as
   * `message_reaction` carries it; by her unless `byPhone`, with an empty `emoji` when taken back.
   */
  react(chat: string, on: { id: string; ours: boolean }, emoji: string, options: { id?: string; byPhone?: boolean } = {}): WaReaction {
    const id = options.id ?? `R-${randomBytes(6).toString('hex')}`;
    const reaction: WaReaction = {
      id: { fromMe: options.byPhone === true, remote: chat, id, _serialized: `${options.byPhone === true}_${chat}_${id}` },
      msgId: { fromMe: on.ours, remote: chat, id: on.id, _serialized: `${on.ours}_${chat}_${on.id}` },
      reaction: emoji,
      senderId: options.byPhone ? this.me : chat,
      timestamp: Math.floor(Date.now() / 1000),
    };
    this.client.emit('message_reaction', reaction);
    return reaction;
  }

  /** Someone types on the linked phone itself, to chat `to`. */
  typeOnLinkedPhone(to: string, body: string, options: { type?: string } = {}): WaMessage {
    const message = waMessage({ from: this.me, to, body, fromMe: true, ...options });
    this.client.emit('message_create', message);
    return message;
  }

  /** WhatsApp reports an ack for a sent message. */
  ack(id: string, ack: -1 | 0 | 1 | 2 | 3 | 4): void {
    const sent = this.sent.find((m) => m.id === id);
    const message = waMessage({ id, from: this.me, to: sent?.chatId ?? 'x@c.us', fromMe: true, body: sent?.text ?? '', ack });
    this.client.emit('message_ack', message, ack);
  }

  /** The admin scans the QR code: the session is linked and the client becomes ready. */
  scanQr(): void {
    this.linked = true;
    this.client.emit('authenticated');
    this.client.emit('ready');
  }

  /** Texts sent to `chatId`, in order. */
  textsTo(chatId: string): string[] {
    return this.sent.filter((m) => m.chatId === chatId).map((m) => m.text);
  }
}

/** One whatsapp-web.js client of the {@link FakeWhatsApp}. */
export class FakeWaClient extends EventEmitter implements WaClient {
  initialized = false;
  destroyed = false;
  pupBrowser: WaClient['pupBrowser'];

  constructor(
    private readonly world: FakeWhatsApp,
    private readonly script: StartupScript,
  ) {
    super();
    this.pupBrowser = { process: () => ({ pid: world.browserPid }) };
  }

  async initialize(): Promise<void> {
    this.initialized = true;
    switch (this.script.kind) {
      case 'hang':
        return new Promise<void>(() => undefined);
      case 'reject':
        throw this.script.error;
      case 'silent':
        return;
      case 'normal':
        setImmediate(() => {
          if (this.destroyed) return;
          if (this.world.linked) {
            this.emit('authenticated');
            this.emit('ready');
          } else {
            this.emit('qr', `2@${randomBytes(24).toString('base64')}`);
          }
        });
    }
  }

  async sendMessage(chatId: string, content: string): Promise<WaMessage | undefined> {
    if (this.destroyed) throw new Error('Protocol error (Runtime.callFunctionOn): Session closed. Most likely the page has been closed.');
    const failure = this.world.sendFailures.shift();
    if (failure !== undefined) {
      if (failure === 'undefined') return undefined;
      throw failure;
    }
    const message = waMessage({ from: this.world.me, to: chatId, fromMe: true, body: content, ack: 0 });
    this.world.sent.push({ chatId, text: content, id: message.id.id, at: Date.now() });
    if (this.world.echoBeforeResolve) this.emit('message_create', message);
    else setImmediate(() => this.emit('message_create', message));
    return message;
  }

  async getChats(): Promise<WaChat[]> {
    return [...this.world.unread.entries()].map(([chatId, messages]) => this.chat(chatId, messages));
  }

  async getChatById(chatId: string): Promise<WaChat> {
    return this.chat(chatId, this.world.unread.get(chatId) ?? []);
  }

  async getNumberId(number: string): Promise<{ _serialized: string } | null> {
    return this.world.registered.has(number) ? { _serialized: `${number}@c.us` } : null;
  }

  async getContactLidAndPhone(userIds: string[]): Promise<{ lid: string; pn: string }[]> {
    return userIds.map((id) => ({ lid: id, pn: this.world.lids.get(id) ?? (undefined as unknown as string) }));
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    if (this.world.destroyHangs) await new Promise<void>(() => undefined);
  }

  private chat(chatId: string, messages: WaMessage[]): WaChat {
    const world = this.world;
    return {
      id: { _serialized: chatId },
      isGroup: chatId.endsWith('@g.us'),
      unreadCount: messages.length,
      async fetchMessages({ limit }) {
        return messages.slice(-limit);
      },
      async sendStateTyping() {
        world.typing.push(chatId);
      },
      async clearState() {
        return true;
      },
    };
  }
}
