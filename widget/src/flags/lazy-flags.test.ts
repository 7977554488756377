import { describe, expect, it } from 'vitest';
import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { configCacheKey } from './config-cache.ts';
import { snapshotKey } from './evaluated.ts';
import { createFlagsClient } from './flags-client.ts';
import type { Exposure, FlagsOptions } from './flags-client.ts';
import { lazyFlags } from './lazy-flags.ts';
import type { ChunkMap } from '../load-chunk.ts';

const ENDPOINT = 'https://api.example/api';
const SNAPSHOT = snapshotKey(configCacheKey(ENDPOINT, 'pk'));

const config = (editorOn: boolean, layoutCondition?: Record<string, unknown>): FlagsConfig => ({
  version: 1,
  flags: {
    'new-editor': { type: 'boolean', defaultValue: editorOn },
    layout: {
      type: 'string',
      defaultValue: 'control',
      rules: [
        {
          id: 'exp',
          key: 'layout',
          variations: ['control', 'B'],
          meta: [{ key: 'control' }, { key: 'B' }],
          hashVersion: 2,
          ...(layoutCondition ? { condition: layoutCondition } : {}),
        },
      ],
    },
  },
});

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    map,
  };
}

/** The real engine behind a chunk load the test releases when it wants. */
function deferredChunk(fail = false) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const load = async (): Promise<ChunkMap['flags']> => {
    await gate;
    if (fail) throw new Error('404 flags.js');
    return { createFlagsClient };
  };
  return { load, release };
}

function page(
  storage: ReturnType<typeof memoryStorage>,
  options: FlagsOptions,
  load: () => Promise<ChunkMap['flags']>,
  who = { anonymousId: 'user-1', sessionId: 's1' },
) {
  const exposures: Exposure[] = [];
  const warnings: string[] = [];
  const flags = lazyFlags(load)(
    {
      endpoint: ENDPOINT,
      writeKey: 'pk',
      identity: () => who,
      expose: (exposure) => exposures.push(exposure),
      warn: (message) => warnings.push(message),
    },
    { fetchConfig: false, ...options },
    { fetch: () => Promise.reject(new Error('no network in this test')), storage, now: () => 1_700_000_000_000 },
  );
  return { flags, exposures, warnings };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('lazyFlags', () => {
  it("answers the next page's first reads from the snapshot the engine left, then records the exposures once the engine is in", async () => {
    const storage = memoryStorage();
    storage.setItem(configCacheKey(ENDPOINT, 'pk'), JSON.stringify({ config: config(true), fetchedAt: 1 }));
    const first = page(storage, {}, async () => ({ createFlagsClient }));
    await settle();
    const variant = first.flags.getVariant('layout');
    expect(variant).toMatch(/^(control|B)$/);
    expect(storage.map.has(SNAPSHOT)).toBe(true);

    expect(first.exposures).toHaveLength(1);

    // Next page, in a new session: the engine still loading. The same user gets the same answers at once.
    const chunk = deferredChunk();
    const next = page(storage, {}, chunk.load, { anonymousId: 'user-1', sessionId: 's2' });
    const heard: string[] = [];
    next.flags.subscribe(() => heard.push('changed'));
    expect(next.flags.isOn('new-editor')).toBe(true);
    expect(next.flags.getVariant('layout')).toBe(variant);
    expect(next.flags.getFeatureValue('layout', 'fallback')).toBe(variant);
    expect(next.flags.activeContext()).toEqual({
      flags: { 'new-editor': true, layout: variant },
      experiments: { layout: variant },
      overridden: false,
    });
    expect(next.exposures).toEqual([]);

    chunk.release();
    await settle();
    expect(heard).toEqual(['changed']);
    expect(next.exposures).toEqual([
      expect.objectContaining({ experiment: 'layout', variation: variant, forced: false }),
    ]);
  });

  it('gives fallbacks, not another user’s flags, and waits for the engine for state and overrides', async () => {
    const storage = memoryStorage();
    page(storage, { bootstrap: config(true) }, async () => ({ createFlagsClient }));
    await settle();

    const chunk = deferredChunk();
    const other = page(storage, {}, chunk.load, { anonymousId: 'user-2', sessionId: 's9' });
    expect(other.flags.isOn('new-editor')).toBe(false);
    expect(other.flags.getFeatureValue('new-editor', 'off')).toBe('off');
    expect(other.flags.flagDetail('new-editor')).toMatchObject({ source: 'missing', value: null });
    expect(other.flags.activeContext()).toBeUndefined();
    expect(other.flags.state()).toMatchObject({ configSource: 'none', flags: [] });

    const applied = other.flags.applyOverrides({ flags: { 'new-editor': true } });
    chunk.release();
    // The engine has the cached config only if one was fetched; here the snapshot page bootstrapped, so none.
    await expect(applied).resolves.toBe('applied');
    expect(other.flags.isOn('new-editor')).toBe(true);
  });

  it('keeps no snapshot while staff overrides shape the flags', async () => {
    const storage = memoryStorage();
    const { flags } = page(storage, { bootstrap: config(false) }, async () => ({ createFlagsClient }));
    await settle();
    const before = storage.map.get(SNAPSHOT);
    await flags.applyOverrides({ flags: { 'new-editor': true } });
    expect(flags.isOn('new-editor')).toBe(true);
    expect(storage.map.get(SNAPSHOT)).toBe(before);
  });

  it('ties the snapshot to the session only when the config targets sessions', async () => {
    const storage = memoryStorage();
    page(storage, { bootstrap: config(true, { sessionId: 's1' }) }, async () => ({ createFlagsClient }), {
      anonymousId: 'user-1',
      sessionId: 's1',
    });
    await settle();
    const sameSession = page(storage, {}, deferredChunk().load, { anonymousId: 'user-1', sessionId: 's1' });
    expect(sameSession.flags.isOn('new-editor')).toBe(true);
    const newSession = page(storage, {}, deferredChunk().load, { anonymousId: 'user-1', sessionId: 's2' });
    expect(newSession.flags.isOn('new-editor')).toBe(false);

    const plain = memoryStorage();
    page(plain, { bootstrap: config(true) }, async () => ({ createFlagsClient }), {
      anonymousId: 'user-1',
      sessionId: 's1',
    });
    await settle();
    expect(
      page(plain, {}, deferredChunk().load, { anonymousId: 'user-1', sessionId: 's2' }).flags.isOn('new-editor'),
    ).toBe(true);
  });

  it('loads nothing on a site that has never used flags, until the page reads one', async () => {
    let loads = 0;
    const { flags } = page(memoryStorage(), {}, async () => {
      loads++;
      return { createFlagsClient };
    });
    // A subscription (the React provider makes one on every page) is not a read: nothing loads for it alone.
    const heard: string[] = [];
    flags.subscribe(() => heard.push('changed'));
    flags.activeContext();
    await settle();
    expect(loads).toBe(0);
    expect(flags.isOn('new-editor')).toBe(false);
    await settle();
    expect(loads).toBe(1);
    // The read brought the engine in, and the subscriber hears it.
    expect(heard).toEqual(['changed']);
    // A cached config means the site uses flags: the next page starts the engine at once.
    const cached = memoryStorage();
    cached.setItem(configCacheKey(ENDPOINT, 'pk'), JSON.stringify({ config: config(true), fetchedAt: 1 }));
    let started = 0;
    page(cached, {}, async () => {
      started++;
      return { createFlagsClient };
    });
    await settle();
    expect(started).toBe(1);
    // So does a config rendered into the page, which the chunk reads.
    page(memoryStorage(), { bootstrapElement: 'flags-config' }, async () => {
      started++;
      return { createFlagsClient };
    });
    await settle();
    expect(started).toBe(2);
  });

  it('says why flags are off when the chunk does not load, and keeps answering with fallbacks', async () => {
    const chunk = deferredChunk(true);
    const { flags, warnings } = page(memoryStorage(), {}, chunk.load);
    expect(flags.getFeatureValue('layout', 'control')).toBe('control');
    chunk.release();
    await settle();
    expect(warnings).toEqual(['flags are off: the flags chunk did not load (404 flags.js)']);
    expect(flags.getFeatureValue('layout', 'control')).toBe('control');
    await expect(flags.refresh()).rejects.toThrow('flags are off: the flags chunk did not load');
  });
});
