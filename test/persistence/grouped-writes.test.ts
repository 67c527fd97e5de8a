import { describe, expect, it } from 'vitest';
import { GroupedWrites } from '../../src/persistence/grouped-writes.js';

/** A write that records what it was given and finishes only when told to. */
function heldWrites() {
  const writes: { items: readonly string[]; finish: (error?: Error) => void }[] = [];
  const write = (items: readonly string[]) =>
    new Promise<void>((resolve, reject) => writes.push({ items, finish: (error) => (error ? reject(error) : resolve()) }));
  return { writes, write };
}

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('grouped writes', () => {
  it('writes a lone caller at once, and those who came during a write together in the next', async () => {
    const { writes, write } = heldWrites();
    const groups = new GroupedWrites<string>(write);
    const first = groups.add(['a']);
    expect(writes.map((w) => w.items)).toEqual([['a']]);

    const second = groups.add(['b', 'c']);
    const third = groups.add(['d']);
    await settled();
    expect(writes).toHaveLength(1);

    writes[0]!.finish();
    await first;
    await settled();
    expect(writes.map((w) => w.items)).toEqual([['a'], ['b', 'c', 'd']]);
    writes[1]!.finish();
    await Promise.all([second, third]);
  });

  it('rejects the callers of a failed write only, and goes on with the next', async () => {
    const { writes, write } = heldWrites();
    const groups = new GroupedWrites<string>(write);
    const first = groups.add(['a']);
    const second = groups.add(['b']);
    writes[0]!.finish(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await settled();
    expect(writes.map((w) => w.items)).toEqual([['a'], ['b']]);
    writes[1]!.finish();
    await expect(second).resolves.toBeUndefined();

    // Nothing is left waiting: a later caller is written at once again.
    const third = groups.add(['c']);
    expect(writes).toHaveLength(3);
    writes[2]!.finish();
    await third;
  });

  it('keeps a write to its size and never splits one caller\'s items', async () => {
    const { writes, write } = heldWrites();
    const groups = new GroupedWrites<string>(write, 3);
    const calls = [groups.add(['a']), groups.add(['b']), groups.add(['c', 'd']), groups.add(['e', 'f', 'g', 'h']), groups.add(['i'])];
    for (let i = 0; i < 4; i += 1) {
      await settled();
      writes[i]!.finish();
    }
    await Promise.all(calls);
    // ['a'] alone (nobody waited yet); ['b'] and ['c', 'd'] fill the next; four items go alone, since
    // one caller's items are never split.
    expect(writes.map((w) => w.items)).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f', 'g', 'h'], ['i']]);
  });

  it('resolves at once for no items, without writing', async () => {
    const { writes, write } = heldWrites();
    await new GroupedWrites<string>(write).add([]);
    expect(writes).toHaveLength(0);
  });
});
