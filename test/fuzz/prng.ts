/**
 * A small seeded pseudo-random generator (mulberry32) and the helpers the mutator draws with. A case is a pure
 * function of (seed, index): `caseRng` mixes both into the generator's start state, so any case can be replayed on
 * its own without running the ones before it.
 */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [lo, hi]. */
  between(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks by weight: `[[3, 'a'], [1, 'b']]` gives 'a' three times as often. */
  weighted<T>(items: readonly (readonly [number, T])[]): T;
  /** Small integers, mostly 1 or 2, now and then more (a geometric distribution). */
  small(p?: number, max?: number): number;
}

/** Murmur3's 32-bit finalizer: spreads every input bit over the output. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const rng: Rng = {
    next,
    int,
    between: (lo, hi) => lo + int(hi - lo + 1),
    chance: p => next() < p,
    pick: items => items[int(items.length)],
    weighted: items => {
      const total = items.reduce((s, [w]) => s + w, 0);
      let r = next() * total;
      for (const [w, v] of items) {
        if ((r -= w) < 0) return v;
      }
      return items[items.length - 1][1];
    },
    small: (p = 0.5, max = 12) => {
      let n = 1;
      while (n < max && next() < p) n++;
      return n;
    },
  };
  return rng;
}

/** The generator of case `index` of a campaign with `seed`. */
export function caseRng(seed: number, index: number): Rng {
  return mulberry32(mix32(mix32(seed >>> 0) ^ Math.imul(index + 1, 0x9e3779b1)));
}

/** A 32-bit seed from the clock, for campaigns that do not name one (it is printed, so they can be replayed). */
export function freshSeed(): number {
  return mix32(Date.now() ^ Math.floor(performance.now() * 1000));
}
