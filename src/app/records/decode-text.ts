import iconv from 'iconv-lite';

/** The encodings an import file may come in: Excel saves «CSV UTF-8» or, as plain «CSV», Windows-1252. */
export const TEXT_ENCODINGS = ['utf-8', 'windows-1252'] as const;
/** An import file's encoding. */
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/**
 * A file's bytes as text: in `encoding` when given; otherwise UTF-8 (with or without its byte order
 * mark) when the bytes are valid UTF-8, else Windows-1252 (what Excel in Spanish saves as «CSV»: any
 * byte is a character there, so nothing is lost in the guess). Windows-1252 is decoded by iconv-lite:
 * Node's own decoder of that name reads bytes 0x80–0x9F as Latin-1's control characters, so Excel's
 * quotes, dashes and € would become invisible characters.
 *
 * @example
 * decodeText(Buffer.from([0x4a, 0x75, 0x72, 0xed, 0x64, 0x69, 0x63, 0x61])); // { text: 'Jurídica', encoding: 'windows-1252' }
 */
export function decodeText(bytes: Uint8Array, encoding?: TextEncoding): { text: string; encoding: TextEncoding } {
  const windows1252 = () => ({ text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252'), encoding: 'windows-1252' as const });
  if (encoding === 'windows-1252') return windows1252();
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch (error) {
    if (encoding === 'utf-8') throw error;
    return windows1252();
  }
}
