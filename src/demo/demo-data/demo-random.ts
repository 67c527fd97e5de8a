/**
 * A small seeded pseudo-random generator (mulberry32), so the demo dataset is the same on every run and
 * every machine.
 *
 * @example
 * const random = demoRandom(911);
 * random.pick(['a', 'b']); random.chance(0.3); random.int(0, 23);
 */
export function demoRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    /** An integer in `[min, max]`. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    /** True with probability `p`. */
    chance: (p: number) => next() < p,
    /** One of the items. */
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

/** The generator's type. */
export type DemoRandom = ReturnType<typeof demoRandom>;
