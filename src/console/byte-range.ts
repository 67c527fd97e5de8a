/** The bytes `start` to `end` (both included) of a file, as one `Range: bytes=…` header asks. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a `Range` header asking for one range of a file of `size` bytes (`bytes=0-1`, `bytes=100-`,
 * `bytes=-500`, the last 500): the range, clipped to the file; `'unsatisfiable'` when it starts past
 * the end (answered 416); `null` when there is no header or it asks for something else (several
 * ranges, another unit), and the whole file is sent. Safari plays audio and video only through ranges.
 *
 * @example
 * byteRange('bytes=0-1', 4096)    // { start: 0, end: 1 }
 * byteRange('bytes=-500', 4096)   // { start: 3596, end: 4095 }
 * byteRange('bytes=5000-', 4096)  // 'unsatisfiable'
 */
export function byteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const match = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const last = Math.min(Number(match[2]), size);
    return last === 0 ? 'unsatisfiable' : { start: size - last, end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
