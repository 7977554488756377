import { describe, expect, it } from 'vitest';
import { createByteBoundedLru } from './byte-bounded-lru.ts';

/** One step on an LRU of 100 bytes: `get a`, `set a 40`, `forget r1/`. */
type Step = `get ${string}` | `set ${string} ${number}` | `forget ${string}`;

function run(steps: Step[]): { kept: string[]; bytes: number } {
  const lru = createByteBoundedLru<string>(100);
  const keys = new Set<string>();
  for (const step of steps) {
    const [action, key, bytes] = step.split(' ') as [string, string, string];
    keys.add(key);
    if (action === 'get') lru.get(key);
    else if (action === 'set') lru.set(key, `value of ${key}`, Number(bytes));
    else lru.deleteStartingWith(key);
  }
  return { kept: [...keys].filter((key) => lru.has(key)).sort(), bytes: lru.bytes };
}

const FIFTY_KEYS = Array.from({ length: 50 }, (_, index) => `k${index}`);

describe('a byte-bounded LRU', () => {
  it.each<[string, Step[], string[], number]>([
    ['keeps what fits', ['set a 40', 'set b 60'], ['a', 'b'], 100],
    ['drops the oldest to make room', ['set a 40', 'set b 40', 'set c 40'], ['b', 'c'], 80],
    [
      'keeps one just used over one set later (LRU, not FIFO)',
      ['set a 40', 'set b 40', 'get a', 'set c 40'],
      ['a', 'c'],
      80,
    ],
    ['drops as many as the new value needs', ['set a 30', 'set b 30', 'set c 30', 'set d 90'], ['d'], 90],
    ['does not keep a value larger than the limit, nor drop others for it', ['set a 40', 'set big 101'], ['a'], 40],
    ['replaces a key with its new size', ['set a 40', 'set b 40', 'set a 60'], ['a', 'b'], 100],
    ['keeps many small values', FIFTY_KEYS.map((key): Step => `set ${key} 2`), [...FIFTY_KEYS].sort(), 100],
    ['forgets keys by prefix', ['set r1/a 10', 'set r1/b 10', 'set r2/a 10', 'forget r1/'], ['r2/a'], 10],
  ])('%s', (_, steps, kept, bytes) => {
    expect(run(steps)).toEqual({ kept, bytes });
  });

  it('answers the value kept, undefined for none', () => {
    const lru = createByteBoundedLru<string | null>(10);
    lru.set('map', 'parsed', 5);
    lru.set('none', null, 1);
    expect([lru.get('map'), lru.get('none'), lru.get('other')]).toEqual(['parsed', null, undefined]);
  });
});
