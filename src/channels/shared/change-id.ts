import { createHash } from 'node:crypto';

/**
 * The id a change of her message is handed over under, for channels whose event has none of its own
 * (whatsapp-web.js reports an edit or a deletion under the message's own id): one per deletion, and
 * one per edited text, so a repeated event is handed over once and a second edit is not taken for the
 * first.
 *
 * @example
 * herChangeId('3A5F', 'mañana no') // '3A5F:editado:5b0c…' (16 hex digits of the text's SHA-256)
 * herChangeId('3A5F')              // '3A5F:borrado'
 */
export function herChangeId(of: string, editedText?: string): string {
  if (editedText === undefined) return `${of}:borrado`;
  return `${of}:editado:${createHash('sha256').update(editedText).digest('hex').slice(0, 16)}`;
}
