import { randomFillSync } from 'node:crypto';

/**
 * Draws of `size` random bytes from a pool the system's generator fills `count` draws at a time, each
 * part handed out once: one call to the generator serves `count` draws, where a call per draw costs
 * several microseconds. A draw is a view into the pool, valid until `count` more draws: copy it to keep it.
 *
 * @example
 * const iv = randomDraws(12, 256);
 * cipher = createCipheriv('aes-256-gcm', key, iv()); // a fresh 12-byte IV each call
 */
export function randomDraws(size: number, count: number): () => Uint8Array {
  const pool = new Uint8Array(size * count);
  let used = pool.length;
  return () => {
    if (used === pool.length) {
      randomFillSync(pool);
      used = 0;
    }
    used += size;
    return pool.subarray(used - size, used);
  };
}
