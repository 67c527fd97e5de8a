/**
 * Runs `work` for every item, `size` at a time, in order of chunks: bounded concurrency for
 * round-trips to Redis or PostgreSQL (the reconciler re-arms thousands of jobs this way).
 */
export async function inChunks<T>(items: readonly T[], size: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += size) {
    await Promise.all(items.slice(start, start + size).map(work));
  }
}
