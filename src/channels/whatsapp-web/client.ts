import type WAWebJS from 'whatsapp-web.js';

/**
 * The parts of a whatsapp-web.js `Message` the gateway reads, with the library's own types.
 *
 * @example
 * { id: { fromMe: false, remote: '5219981234567@c.us', id: '3A5F0C…', _serialized: 'false_5219981234567@c.us_3A5F0C…' },
 *   from: '5219981234567@c.us', to: '5219980000000@c.us', fromMe: false, type: 'chat', body: 'Hola',
 *   timestamp: 1764349200, hasMedia: false, isStatus: false, broadcast: false, ack: 0 }
 */
export type WaMessage = Pick<
  WAWebJS.Message,
  'id' | 'from' | 'to' | 'fromMe' | 'type' | 'body' | 'timestamp' | 'hasMedia' | 'isStatus' | 'broadcast' | 'ack' | 'downloadMedia' | 'location' | 'latestEditMsgKey' | 'latestEditSenderTimestampMs'
> & {
  /** WhatsApp Web's own record of the message (not in the library's types): a file's `size` in bytes and `mimetype`, known before downloading it. */
  _data?: { size?: unknown; mimetype?: unknown };
};

/**
 * The parts of a whatsapp-web.js `Reaction` the gateway reads (`message_reaction`): the reaction's own
 * id, the message it is on (`msgId`), the emoji (empty when taken back) and who reacted.
 *
 * @example
 * { id: { fromMe: false, remote: '5219981234567@c.us', id: '3A9B…', _serialized: '…' },
 *   msgId: { fromMe: true, remote: '5219981234567@c.us', id: '3EB0…', _serialized: '…' },
 *   reaction: '👍', senderId: '5219981234567@c.us', timestamp: 1764349260 }
 */
export type WaReaction = Pick<WAWebJS.Reaction, 'id' | 'msgId' | 'reaction' | 'senderId' | 'timestamp'>;

/**
 * The parts of a whatsapp-web.js `Call` the gateway reads (`call`, emitted as a call rings): its id,
 * who calls (`from`, a chat id), when, and whether it is a group's or the linked phone's own.
 *
 * @example
 * { id: '9F2C…', from: '5219981234567@c.us', timestamp: 1764349200, isVideo: false, isGroup: false, fromMe: false }
 */
export type WaCall = Pick<WAWebJS.Call, 'id' | 'from' | 'timestamp' | 'isVideo' | 'isGroup' | 'fromMe'>;

/** The parts of a whatsapp-web.js `Chat` the gateway uses (catch-up and "typing…"). */
export interface WaChat {
  id: Pick<WAWebJS.ChatId, '_serialized'>;
  isGroup: boolean;
  unreadCount: number;
  fetchMessages(searchOptions: { limit: number }): Promise<WaMessage[]>;
  sendStateTyping(): Promise<void>;
  clearState(): Promise<boolean>;
}

/**
 * What the gateway needs of a whatsapp-web.js `Client`: the real one satisfies it (see
 * `create-client.ts`), and tests drive a fake that emits the library's events with its payloads:
 * `qr` (string), `authenticated`, `auth_failure` (message), `ready`, `message` / `message_create`
 * ({@link WaMessage}), `message_ack` (message, ack −1…4), `message_reaction` ({@link WaReaction}), `message_edit`
 * (message, new text, earlier text), `message_revoke_everyone` (message now, message before), `call` ({@link WaCall}), `change_state` (WAState),
 * `disconnected` (WAState | 'LOGOUT' | reason).
 */
export interface WaClient {
  on(event: string, listener: (...args: any[]) => void): unknown;
  removeAllListeners(event?: string): unknown;
  /** Launches the browser and opens WhatsApp Web; may reject with an Error or the string 'auth timeout'. */
  initialize(): Promise<void>;
  /** Sends a text; may resolve `undefined` (nothing was sent that the library could see). */
  sendMessage(chatId: string, content: string, options?: { linkPreview?: boolean; sendSeen?: boolean }): Promise<WaMessage | undefined | null>;
  getChats(): Promise<WaChat[]>;
  getChatById(chatId: string): Promise<WaChat>;
  /** The registered id of a number (`5219981234567@c.us`), or null when it has no WhatsApp. */
  getNumberId(number: string): Promise<Pick<WAWebJS.ContactId, '_serialized'> | null>;
  /** Maps `@lid` and `@c.us` ids to each other. */
  getContactLidAndPhone(userIds: string[]): Promise<{ lid: string; pn: string }[]>;
  /** Closes the page and the browser. */
  destroy(): Promise<void>;
  /** The browser puppeteer launched, once launched. */
  pupBrowser?: { process(): { pid?: number | undefined } | null } | null | undefined;
}

/** Builds a new client; the supervisor calls it for every (re)start, as the library asks. */
export type WaClientFactory = () => WaClient;

/** whatsapp-web.js acks: −1 error, 0 pending, 1 server, 2 device, 3 read, 4 played. */
export type WaAck = -1 | 0 | 1 | 2 | 3 | 4;
