import type { ConsoleClient } from './console-client.js';

/** A console client's open `/events` stream, read as text. */
export interface LiveStream {
  /** The response's headers. */
  headers: Headers;
  /** Reads on until `predicate` matches everything read so far (fails after 5 s); returns that text. */
  readUntil(predicate: (text: string) => boolean): Promise<string>;
  close(): Promise<void>;
}

/**
 * Opens `/events` on the listening server at `base` with `client`'s session cookie and waits until
 * the stream says it is connected (so no event published afterwards is missed).
 */
export async function openLiveStream(base: string, client: ConsoleClient): Promise<LiveStream> {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const response = await fetch(`${base}/events`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`live stream answered ${response.status}`);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const stream: LiveStream = {
    headers: response.headers,
    async readUntil(predicate) {
      const deadline = Date.now() + 5_000;
      while (!predicate(text)) {
        if (Date.now() > deadline) throw new Error(`stream did not say it in time; got: ${text}`);
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      return text;
    },
    close: () => reader.cancel(),
  };
  await stream.readUntil((so) => so.includes(': conectado'));
  return stream;
}
