import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A file the fake serves, and how its URL behaves. */
export interface FakeMediaFile {
  mime: string;
  data: Buffer;
  /** The size the media endpoint states (defaults to the real size). */
  statedSize?: number;
  /** How many URLs handed out for it have already expired when fetched (each answers 404). */
  expiredUrls?: number;
}

/**
 * The Graph API's media side on 127.0.0.1, as the Cloud API serves files: `GET /v21.0/<media-id>`
 * answers `{ url, mime_type, file_size, id }` and the URL serves the bytes, both only with the
 * right bearer token; an expired URL answers 404, as WhatsApp's do after five minutes.
 */
export class FakeGraphMedia {
  readonly files = new Map<string, FakeMediaFile>();
  /** Every request: path and whether its bearer token was right. */
  readonly requests: Array<{ path: string; authorized: boolean }> = [];
  private server: Server | undefined;
  private issued = 0;

  constructor(private readonly token: string) {}

  /** Starts listening; resolves with the base URL (`…/v21.0`). */
  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const path = request.url ?? '';
      const authorized = request.headers.authorization === `Bearer ${this.token}`;
      this.requests.push({ path, authorized });
      if (!authorized) {
        response.statusCode = 401;
        response.end(JSON.stringify({ error: { code: 190, message: 'Invalid OAuth access token' } }));
        return;
      }
      const media = /^\/v21\.0\/([^/?]+)$/.exec(path);
      const download = /^\/files\/([^/?]+)\?n=(\d+)$/.exec(path);
      const { port } = this.server!.address() as AddressInfo;
      if (media) {
        const file = this.files.get(decodeURIComponent(media[1]!));
        if (!file) {
          response.statusCode = 404;
          response.end(JSON.stringify({ error: { code: 100, message: 'Unsupported get request' } }));
          return;
        }
        this.issued += 1;
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            url: `http://127.0.0.1:${port}/files/${media[1]}?n=${this.issued}`,
            mime_type: file.mime,
            file_size: file.statedSize ?? file.data.length,
            id: media[1],
            messaging_product: 'whatsapp',
          }),
        );
        return;
      }
      if (download) {
        const file = this.files.get(decodeURIComponent(download[1]!));
        if (file && (file.expiredUrls ?? 0) > 0) {
          file.expiredUrls! -= 1;
          response.statusCode = 404;
          response.end();
          return;
        }
        if (!file) {
          response.statusCode = 404;
          response.end();
          return;
        }
        response.setHeader('content-type', file.mime);
        response.end(file.data);
        return;
      }
      response.statusCode = 404;
      response.end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v21.0`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
