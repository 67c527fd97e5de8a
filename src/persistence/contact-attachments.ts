import type { InboundMedia, SharedLocation } from '../app/ports.js';
import type { FieldCipher } from '../privacy/field-cipher.js';

/** One SQL statement with its parameters, for the caller to run or batch. */
export interface AttachmentInsert {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * The rows that keep what came with a contact: the file, encrypted with the data key (`ContactMedia`),
 * and the place, encrypted JSON (`ContactLocation`). The SQL uses `$1…` placeholders; `$1` is always
 * the contact id.
 *
 * @example
 * attachmentInserts(cipher, contactId, { media: { status: 'stored', mime: 'image/jpeg', data } })
 * // [{ sql: 'INSERT INTO "ContactMedia" …', params: [contactId, 'stored', 'image/jpeg', 48211, <encrypted>] }]
 */
export function attachmentInserts(
  cipher: FieldCipher,
  contactId: string,
  attached: { media?: InboundMedia | undefined; location?: SharedLocation | undefined },
): AttachmentInsert[] {
  const inserts: AttachmentInsert[] = [];
  const { media, location } = attached;
  if (media) {
    const byteSize = media.status === 'stored' ? media.data.byteLength : media.status === 'too_large' ? media.byteSize : 0;
    const data = media.status === 'stored' ? cipher.encryptBytes(media.data) : null;
    inserts.push({
      sql: `INSERT INTO "ContactMedia" ("contactId", status, mime, "byteSize", "dataCipher") VALUES ($1::uuid, $2::"MediaStatus", $3, $4::int, $5::bytea)`,
      params: [contactId, media.status, media.mime.slice(0, 200), byteSize, data],
    });
  }
  if (location) {
    const plain = { lat: location.lat, lng: location.lng, ...(location.name ? { name: location.name } : {}) };
    inserts.push({
      sql: `INSERT INTO "ContactLocation" ("contactId", cipher) VALUES ($1::uuid, $2::bytea)`,
      params: [contactId, cipher.encrypt(JSON.stringify(plain))],
    });
  }
  return inserts;
}
