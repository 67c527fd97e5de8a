/** One caller's items and how to tell it that they were written. */
interface Waiting<T> {
  items: readonly T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for one kind of write: `write` runs for the items callers hand to {@link add}, at most
 * one at a time. Items handed over while a write is under way wait for it and then go together in the
 * next one, so under load many concurrent callers cost one statement, and a caller alone is written at
 * once, with no timer. Each caller's promise settles with the write that carried its items: resolved
 * once they are written, rejected with that write's error (nothing of it was written, if `write` is one
 * statement). One caller's items always go in the same write; a write carries about `maxItems` at most.
 */
export class GroupedWrites<T> {
  private waiting: Waiting<T>[] = [];
  private writing = false;

  constructor(
    private readonly write: (items: readonly T[]) => Promise<void>,
    private readonly maxItems = 256,
  ) {}

  /** Resolves once `items` are written (with whatever else was waiting). */
  add(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ items, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.takeGroup();
        try {
          await this.write(group.flatMap((waiting) => waiting.items));
          for (const waiting of group) waiting.resolve();
        } catch (error) {
          for (const waiting of group) waiting.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  /** The oldest callers whose items fit in one write (always at least one caller). */
  private takeGroup(): Waiting<T>[] {
    let count = 0;
    let taken = 0;
    while (taken < this.waiting.length && (taken === 0 || count + this.waiting[taken]!.items.length <= this.maxItems)) {
      count += this.waiting[taken]!.items.length;
      taken += 1;
    }
    return this.waiting.splice(0, taken);
  }
}
