import { hasItem, storedJson } from '../stored-json.ts';
import { configCacheKey } from './config-cache.ts';
import { snapshotKey, userAttributes } from './evaluated.ts';
import type { FlagsSnapshot } from './evaluated.ts';
import { lazyFeature, loadChunk } from '../load-chunk.ts';
import type { ChunkLoader } from '../load-chunk.ts';
import type { EngineFlagsClient, FlagsClient, FlagsEnvironment, FlagsHost, FlagsOptions } from './flags-client.ts';
import { snapshotReads } from './snapshot-reads.ts';
import type { FlagReads } from './snapshot-reads.ts';

/** Makes the flags client a widget client uses. */
export type FlagsFactory = (host: FlagsHost, options: FlagsOptions, environment: FlagsEnvironment) => FlagsClient;

/**
 * The script tag's flags client: the evaluation engine is the `flags` chunk. It starts loading at once on a site
 * that uses flags (a bootstrap config, a cached config or a snapshot exists), else on the page's first flag read,
 * so a site without flags never loads it. A subscription alone does not load it: until something is read there is
 * nothing a change could alter (the React provider subscribes on every page, flags read or not), and listeners
 * hear the engine arrive whatever started it. Until it has loaded, reads are answered from the last page's snapshot
 * (flags/snapshot-reads.ts: the same `FlagReads` the engine implements, so nothing here re-implements a read); the
 * engine then evaluates every flag the page already read, which records the exposures, and listeners hear that the
 * flags are ready. Overrides and refreshes wait for the engine.
 */
export function lazyFlags(load: ChunkLoader<'flags'>): FlagsFactory {
  return (host, options, environment) => {
    const chunk = lazyFeature('flags', 'flags are off', (message) => host.warn?.(message), load);
    const configKey = configCacheKey(host.endpoint, host.writeKey);
    const stored = storedJson<FlagsSnapshot>(
      environment.storage,
      snapshotKey(configKey),
      (snapshot) => typeof snapshot?.evaluations === 'object',
    );
    const snapshot = stored.read();
    let extraAttributes = { ...options.attributes };
    let engine: EngineFlagsClient | undefined;
    let stopped = false;
    const readBeforeReady = new Set<string>();
    const listeners = new Set<() => void>();

    const notify = () => {
      for (const listener of [...listeners]) {
        try {
          listener();
        } catch (error) {
          host.warn?.(`a flags listener threw: ${String(error)}`);
        }
      }
    };
    const keep = () => {
      const next = engine?.snapshot();
      if (next) stored.write(next);
    };
    let ready: Promise<EngineFlagsClient | undefined> | undefined;
    const start = (): Promise<EngineFlagsClient | undefined> => {
      if (ready) return ready;
      ready = chunk().then((loaded) => {
        if (!loaded || stopped) return undefined;
        // The chunk's own copy of the chunk loader has no base URL: the token chunk's loader must be the core's.
        engine = loaded.createFlagsClient(
          host,
          { ...options, attributes: extraAttributes },
          { ...environment, loadOverrideToken: () => loadChunk('override-token') },
        );
        engine.subscribe(() => {
          keep();
          notify();
        });
        for (const key of readBeforeReady) engine.flagDetail(key);
        keep();
        notify();
        return engine;
      });
      return ready;
    };
    // A site that uses flags (a config rendered into the page or cached, or a snapshot) starts the engine at once;
    // on one that never has, it loads on the page's first flag read.
    if (options.bootstrap || options.bootstrapElement || snapshot || hasItem(environment.storage, configKey))
      void start();
    const whenReady = async () => {
      const loaded = await start();
      if (!loaded)
        throw new Error(stopped ? 'the flags client was stopped' : 'flags are off: the flags chunk did not load');
      return loaded;
    };

    const early = snapshotReads(
      snapshot,
      () => userAttributes(host.identity(), extraAttributes),
      (key) => {
        if (key !== undefined) readBeforeReady.add(key);
        void start();
      },
      !!options.productionMode,
    );
    // Reads go to the engine once it is in, else to the snapshot: two implementations of `FlagReads`, chosen per call.
    const reads = (): FlagReads => engine ?? early;

    return {
      isOn: (key) => reads().isOn(key),
      getFeatureValue: (key, fallback) => reads().getFeatureValue(key, fallback),
      flagDetail: (key) => reads().flagDetail(key),
      getVariant: (experimentKey) => reads().getVariant(experimentKey),
      activeContext: () => reads().activeContext(),
      state: () => reads().state(),
      setAttributes(attributes) {
        extraAttributes = { ...attributes };
        if (engine) engine.setAttributes(attributes);
        else notify();
      },
      applyOverrides: async (overrides, token) => (await whenReady()).applyOverrides(overrides, token),
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      refresh: async () => (await whenReady()).refresh(),
      stop() {
        stopped = true;
        engine?.stop();
        listeners.clear();
      },
    };
  };
}
