/**
 * A small seeded generator (mulberry32): the crash campaign, its action stream and its kill
 * delays all draw from one, so a printed seed replays the same choices.
 */
export interface Random {
  /** In [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** A new generator whose stream depends on this one's seed and `label` only. */
  fork(label: string | number): Random;
  readonly seed: number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    seed: seed >>> 0,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    chance: (probability) => next() < probability,
    fork: (label) => createRandom(hashSeed(`${seed >>> 0}:${label}`)),
  };
  return random;
}

/** FNV-1a of a string, as a 32-bit seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A seed from the environment (`XIANGCAI_SEED`), or a fresh one. */
export function seedFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.XIANGCAI_SEED;
  if (given !== undefined && given !== '') {
    const n = Number(given);
    if (Number.isInteger(n) && n >= 0) return n >>> 0;
  }
  return (Date.now() ^ (process.pid << 16)) >>> 0;
}
