import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { lazyFeature, loadChunk, setChunkBase } from './load-chunk.ts';
import type { ChunkMap, ChunkName } from './load-chunk.ts';

// `satisfies` makes this fail to compile when a name is missing from the map or is not in it.
const MAPPED = {
  vitals: true,
  errors: true,
  flags: true,
  'feedback-api': true,
  feedback: true,
  replay: true,
  bridge: true,
  plan: true,
  'override-token': true,
  send: true,
} satisfies Record<ChunkName, true>;

describe('the chunk map', () => {
  it('names exactly the chunks the build makes (one per widget/src/chunks/<name>.ts)', () => {
    const folder = join(dirname(fileURLToPath(import.meta.url)), 'chunks');
    const built = readdirSync(folder)
      .filter((file) => /^[a-z-]+\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''));
    expect(Object.keys(MAPPED).sort()).toEqual(built.sort());
  });

  it('loads a chunk once from the chunk base, and forgets a failed load so the next call tries again', async () => {
    setChunkBase('https://cdn.example/insights/abc');
    const urls: string[] = [];
    let fail = true;
    const importer = async (url: string) => {
      urls.push(url);
      if (fail) throw new Error('offline');
      return { checkCrmPlan: () => [] };
    };
    await expect(loadChunk('plan', importer)).rejects.toThrow('offline');
    fail = false;
    const first = await loadChunk('plan', importer);
    expect(await loadChunk('plan', importer)).toBe(first);
    expect(urls).toEqual(['https://cdn.example/insights/abc/plan.js', 'https://cdn.example/insights/abc/plan.js']);
  });
});

describe('the lazy-feature contract', () => {
  it('hands waiting callers the chunk, in order, once it has loaded', async () => {
    let release!: (chunk: Pick<ChunkMap['plan'], 'checkCrmPlan'>) => void;
    const load = vi.fn(() => new Promise<Pick<ChunkMap['plan'], 'checkCrmPlan'>>((done) => (release = done)));
    const feature = lazyFeature('plan', 'nothing is checked', vi.fn(), load);
    const order: number[] = [];
    const waiting = [feature().then(() => order.push(1)), feature().then(() => order.push(2))];
    release({ checkCrmPlan: () => ['x'] });
    await Promise.all(waiting);
    expect(order).toEqual([1, 2]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('gives every caller undefined and warns what is off when the chunk does not load', async () => {
    const warn = vi.fn();
    const feature = lazyFeature('vitals', 'web vitals are off', warn, () => Promise.reject(new Error('404 vitals.js')));
    await expect(feature()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith('web vitals are off: the vitals chunk did not load (404 vitals.js)');
    // The next use tries again.
    await expect(feature()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
