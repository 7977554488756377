import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { createOverrideKeyPair, signOverrideToken } from '../../../shared/override-token.ts';
import { configCacheKey } from './config-cache.ts';
import { createFlagsClient } from './flags-client.ts';
import type { Exposure, FlagsEnvironment, FlagsOptions } from './flags-client.ts';
import { tokenVerifier } from './verify-override.ts';

const NOW = 1_700_000_000_000;
const ENDPOINT = 'https://api.example/api';

const config = (killSwitch: boolean, version = 1): FlagsConfig => ({
  version,
  flags: {
    'new-editor': { type: 'boolean', defaultValue: !killSwitch },
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
        },
      ],
    },
  },
});

function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    map,
  };
}

/** A config server: answers 304 while the ETag matches, else the current config. */
function configServer(initial: FlagsConfig) {
  let current = initial;
  let etag = '"v1"';
  const requests: (string | undefined)[] = [];
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const sent = (init?.headers as Record<string, string> | undefined)?.['If-None-Match'];
    requests.push(sent);
    if (sent === etag) return new Response(null, { status: 304 });
    return new Response(JSON.stringify(current), { status: 200, headers: { ETag: etag } });
  });
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    requests,
    publish(next: FlagsConfig, tag: string) {
      current = next;
      etag = tag;
    },
  };
}

function setup(
  options: FlagsOptions,
  environment: Partial<FlagsEnvironment> & { fetch: typeof fetch },
  sessionId = 's1',
) {
  const exposures: Exposure[] = [];
  const warnings: string[] = [];
  const client = createFlagsClient(
    {
      endpoint: ENDPOINT,
      writeKey: 'pk',
      identity: () => ({ anonymousId: 'user-1', sessionId }),
      expose: (exposure) => exposures.push(exposure),
      warn: (message) => warnings.push(message),
    },
    options,
    {
      now: () => NOW,
      setInterval: (run, ms) => setInterval(run, ms),
      clearInterval: (handle) => clearInterval(handle as number),
      ...environment,
    },
  );
  return { client, exposures, warnings };
}

afterEach(() => vi.useRealTimers());

describe('createFlagsClient', () => {
  it('starts from the cached config at once, revalidates with its ETag, and a kill switch arrives within the refresh interval', async () => {
    vi.useFakeTimers();
    const server = configServer(config(false));
    const storage = memoryStorage({
      [configCacheKey(ENDPOINT, 'pk')]: JSON.stringify({ config: config(false), etag: '"v1"', fetchedAt: NOW - 1000 }),
    });
    const { client } = setup({}, { fetch: server.fetch, storage });
    expect(client.isOn('new-editor')).toBe(true);
    expect(client.state().configSource).toBe('cache');
    await vi.advanceTimersByTimeAsync(0);
    expect(server.requests).toEqual(['"v1"']);

    const changes = vi.fn();
    client.subscribe(changes);
    server.publish(config(true, 2), '"v2"');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(client.isOn('new-editor')).toBe(false);
    expect(changes).toHaveBeenCalledTimes(1);
    expect(client.state()).toMatchObject({ configSource: 'network', configVersion: 2 });
    expect(JSON.parse(storage.map.get(configCacheKey(ENDPOINT, 'pk'))!)).toMatchObject({
      etag: '"v2"',
      config: { version: 2 },
    });
    client.stop();
  });

  it.each([0, -1, 999, Number.NaN])(
    'refreshes every 30 s, not in a loop, when refreshInterval is %s',
    async (interval) => {
      vi.useFakeTimers();
      const server = configServer(config(false));
      const { client } = setup({ refreshInterval: interval }, { fetch: server.fetch });
      await vi.advanceTimersByTimeAsync(29_999);
      expect(server.requests).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(server.requests).toHaveLength(2);
      client.stop();
    },
  );

  it('uses a bootstrap config before any fetch, and keeps it when the network fails', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const { client, warnings } = setup({ bootstrap: config(false) }, { fetch });
    expect(client.getFeatureValue('new-editor', false)).toBe(true);
    await vi.waitFor(() => expect(warnings).toEqual([expect.stringMatching(/flags config: Failed to fetch/)]));
    expect(client.state()).toMatchObject({
      configSource: 'bootstrap',
      lastError: expect.stringMatching(/Failed to fetch/),
    });
    expect(client.getFeatureValue('missing', 7)).toBe(7);
    expect(client.flagDetail('missing').source).toBe('missing');
    client.stop();
  });

  it('reports an exposure once per experiment, variation and session, and a forced one separately', async () => {
    const storage = memoryStorage();
    const { client, exposures } = setup(
      { bootstrap: config(false), fetchConfig: false },
      { fetch: vi.fn() as never, storage },
    );
    const hashed = client.getVariant('layout');
    client.getVariant('layout');
    client.getFeatureValue('layout', 'control');
    expect(exposures).toEqual([
      { experiment: 'layout', variation: hashed, forced: false, hashAttribute: 'id', hashValue: 'user-1' },
    ]);

    const other = hashed === 'B' ? 'control' : 'B';
    await expect(client.applyOverrides({ experiments: { layout: other } })).resolves.toBe('applied');
    expect(client.getVariant('layout')).toBe(other);
    client.getVariant('layout');
    expect(exposures.slice(1)).toEqual([expect.objectContaining({ variation: other, forced: true })]);
    expect(client.activeContext()).toMatchObject({ experiments: { layout: other }, overridden: true });

    // A reload in the same session does not report again; a new session does.
    setup({ bootstrap: config(false), fetchConfig: false }, { fetch: vi.fn() as never, storage }).client.getVariant(
      'layout',
    );
    const next = setup({ bootstrap: config(false), fetchConfig: false }, { fetch: vi.fn() as never, storage }, 's2');
    next.client.getVariant('layout');
    expect(next.exposures).toHaveLength(1);
    client.stop();
  });

  it('in production mode applies overrides only with a token the API signed for this origin', async () => {
    const keys = await createOverrideKeyPair();
    const signed = { ...config(false), overrideTokenPublicKey: keys.publicKey } as FlagsConfig;
    // The real verifier, imported here directly instead of as the on-demand chunk the browser loads.
    const verifyOverrideToken = tokenVerifier(
      'https://crm.example',
      () => NOW,
      () => import('../chunks/override-token.ts'),
    );
    const { client } = setup(
      { bootstrap: signed, fetchConfig: false, productionMode: true, verifyOverrideToken },
      { fetch: vi.fn() as never },
    );
    const force = { flags: { 'new-editor': false } };
    const token = (origin: string, exp = NOW + 60_000, aid = 'user-1') =>
      signOverrideToken({ sub: 'staff:1', iat: NOW, exp, origin, aid }, keys.privateKey);

    await expect(client.applyOverrides(force)).resolves.toBe('ignored-unsigned');
    expect(client.isOn('new-editor')).toBe(true);
    await expect(client.applyOverrides(force, 'ot1.forged.token')).resolves.toBe('ignored-invalid-token');
    await expect(client.applyOverrides(force, await token('https://other.example'))).resolves.toBe(
      'ignored-invalid-token',
    );
    await expect(client.applyOverrides(force, await token('https://crm.example', NOW - 1))).resolves.toBe(
      'ignored-invalid-token',
    );
    // Leaked from another visitor's page: right origin, other browser.
    await expect(
      client.applyOverrides(force, await token('https://crm.example', NOW + 60_000, 'another-visitor')),
    ).resolves.toBe('ignored-invalid-token');
    expect(client.isOn('new-editor')).toBe(true);
    await expect(client.applyOverrides(force, await token('https://crm.example'))).resolves.toBe('applied');
    expect(client.isOn('new-editor')).toBe(false);
    expect(client.flagDetail('new-editor')).toMatchObject({ source: 'override', forced: true });
    await expect(client.applyOverrides({})).resolves.toBe('none');
    expect(client.isOn('new-editor')).toBe(true);
    client.stop();
  });
});

describe('sticky bucketing', () => {
  const weighted = (weights: [number, number]): FlagsConfig => ({
    flags: {
      layout: {
        type: 'string',
        defaultValue: 'control',
        rules: [
          {
            key: 'layout',
            variations: ['control', 'B'],
            meta: [{ key: 'control' }, { key: 'B' }],
            weights,
            hashVersion: 2,
          },
        ],
      },
    },
  });

  it.each([
    [true, 'B'],
    [false, 'control'],
  ])(
    'with stickyBucketing %s, a user assigned B keeps %s when the weights move everyone to control',
    (stickyBucketing, after) => {
      const storage = memoryStorage();
      const first = setup(
        { bootstrap: weighted([0, 1]), fetchConfig: false, stickyBucketing },
        { fetch: vi.fn() as never, storage },
      );
      expect(first.client.getVariant('layout')).toBe('B');
      const later = setup(
        { bootstrap: weighted([1, 0]), fetchConfig: false, stickyBucketing },
        { fetch: vi.fn() as never, storage },
      );
      expect(later.client.getVariant('layout')).toBe(after);
    },
  );

  it('does not stick a variation QA forced', async () => {
    const storage = memoryStorage();
    const forced = setup({ bootstrap: weighted([1, 0]), fetchConfig: false }, { fetch: vi.fn() as never, storage });
    await forced.client.applyOverrides({ experiments: { layout: 'B' } });
    expect(forced.client.getVariant('layout')).toBe('B');
    const later = setup({ bootstrap: weighted([1, 0]), fetchConfig: false }, { fetch: vi.fn() as never, storage });
    expect(later.client.getVariant('layout')).toBe('control');
  });
});

describe('refresh on focus', () => {
  it('fetches again when the page regains focus while visible, at most once per 5 seconds', async () => {
    const server = configServer(config(false));
    const window = new EventTarget() as unknown as Window;
    const document = Object.assign(new EventTarget(), { visibilityState: 'visible' }) as unknown as Document;
    let now = NOW;
    const { client } = setup(
      { fetchConfig: true },
      { fetch: server.fetch, window, document, now: () => now, setInterval: undefined },
    );
    await vi.waitFor(() => expect(client.state().configSource).toBe('network'));
    now += 5000;
    window.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(client.state().fetchedAt).toBe(now));
    now += 1000;
    document.dispatchEvent(new Event('visibilitychange'));
    now += 5000;
    (document as { visibilityState: string }).visibilityState = 'hidden';
    document.dispatchEvent(new Event('visibilitychange'));
    (document as { visibilityState: string }).visibilityState = 'visible';
    server.publish(config(true, 2), '"v2"');
    window.dispatchEvent(new Event('focus'));
    await vi.waitFor(() => expect(client.isOn('new-editor')).toBe(false));
    expect(server.requests).toEqual([undefined, '"v1"', '"v1"']);
    client.stop();
  });
});

describe('production mode without the verifier chunk', () => {
  it('refuses overrides and says why when the chunk cannot load', async () => {
    const keys = await createOverrideKeyPair();
    const signed = { ...config(false), overrideTokenPublicKey: keys.publicKey } as FlagsConfig;
    const { client, warnings } = setup(
      { bootstrap: signed, fetchConfig: false, productionMode: true },
      { fetch: vi.fn() as never, origin: 'https://crm.example' },
    );
    const token = await signOverrideToken(
      { sub: 'staff:1', iat: NOW, exp: NOW + 60_000, origin: 'https://crm.example', aid: 'user-1' },
      keys.privateKey,
    );
    await expect(client.applyOverrides({ flags: { 'new-editor': false } }, token)).resolves.toBe(
      'ignored-invalid-token',
    );
    expect(client.isOn('new-editor')).toBe(true);
    expect(warnings).toContainEqual(expect.stringMatching(/override token could not be checked: .*chunk/));
  });
});

describe('what the extension receives to explain values', () => {
  it('hands over the config without its public key, and the attributes the engine sees; a huge config is left out', async () => {
    const { explainable } = await import('./flags-state.ts');
    const key = { kty: 'EC' } as JsonWebKey;
    const small = { flags: { a: { type: 'boolean', defaultValue: true } }, overrideTokenPublicKey: key } as FlagsConfig;
    expect(explainable(small, { id: 'u1' })).toEqual({ config: { flags: small.flags }, attributes: { id: 'u1' } });
    const huge = {
      flags: Object.fromEntries(
        Array.from({ length: 3000 }, (_, index) => [`flag-${index}`, { type: 'string', defaultValue: 'x'.repeat(50) }]),
      ),
    } as FlagsConfig;
    expect(explainable(huge, { id: 'u1' })).toEqual({ attributes: { id: 'u1' } });
  });
});
