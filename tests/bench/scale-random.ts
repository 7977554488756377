/**
 * A small seeded random source for the scale bench's traffic: the same seed gives the same events, on any
 * machine, so two runs (or SQLite and PostgreSQL) load the very same data. sfc32 (Chris Doty-Humphrey's Small
 * Fast Counting generator, https://pracrand.sourceforge.net/) passes PractRand and is a few lines of 32-bit integer math.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** A log-normally distributed value with the given median and spread (sigma of the log). */
  logNormal(median: number, sigma: number): number;
  /** A random UUIDv4. */
  uuid(): string;
  /** A UUIDv7 whose time part is `ms` (what the widget makes when it captures an event). */
  uuidv7(ms: number): string;
}

const HEX = Array.from({ length: 256 }, (_, byte) => (byte + 256).toString(16).slice(1));

/** The generator for `seed` (any 32-bit integer). */
export function seededRandom(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // The first outputs of a fresh state are correlated with the seed; discarding a few is the author's advice.
  for (let index = 0; index < 15; index++) next32();
  const next = () => next32() / 4294967296;
  const hex = (bytes: number) => {
    let out = '';
    for (let index = 0; index < bytes; index++) out += HEX[next32() & 0xff];
    return out;
  };
  const variantHex = () => HEX[(next32() & 0x3f) | 0x80];
  return {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    logNormal(median, sigma) {
      // Box-Muller: one normal deviate from two uniforms (1 - u keeps the log away from 0).
      const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(sigma * normal);
    },
    uuid: () => `${hex(4)}-${hex(2)}-4${hex(2).slice(1)}-${variantHex()}${hex(1)}-${hex(6)}`,
    uuidv7(ms) {
      const time = Math.floor(ms).toString(16).padStart(12, '0');
      return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(2).slice(1)}-${variantHex()}${hex(1)}-${hex(6)}`;
    },
  };
}
