import type { FlagDetail, JsonValue } from '../../../shared/flags/types.ts';
import type { FlagsState } from '../../../shared/bridge.ts';
import { hasItem, storedJson } from '../stored-json.ts';
import { configCacheKey } from './config-cache.ts';
import { activeContextOf, evaluationsFor, isOnValue, snapshotKey, userAttributes } from './evaluated.ts';
import type { FlagsSnapshot } from './evaluated.ts';
import { lazyFeature } from '../load-chunk.ts';
import type { ChunkLoader } from '../load-chunk.ts';
import type { EngineFlagsClient, FlagsClient, FlagsEnvironment, FlagsHost, FlagsOptions } from './flags-client.ts';
import { tokenVerifier } from './verify-override.ts';

/** Makes the flags client a widget client uses. */
export type FlagsFactory = (host: FlagsHost, options: FlagsOptions, environment: FlagsEnvironment) => FlagsClient;

/**
 * The script tag's flags client: the evaluation engine is the `flags` chunk. It starts loading at once on a site
 * that uses flags (a bootstrap config, a cached config or a snapshot exists), else on the page's first flag read,
 * so a site without flags never loads it. A subscription alone does not load it: until something is read there is
 * nothing a change could alter (the React provider subscribes on every page, flags read or not), and listeners
 * hear the engine arrive whatever started it. Until it has loaded, reads are answered from the snapshot the engine left on the previous page for the same user
 * (and same session when the config targets sessions), else with the fallback, as before a first config
 * arrives; the engine then evaluates every flag the page already read, which records the exposures, and
 * listeners hear that the flags are ready. Overrides, refreshes and state wait for the engine.
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
        // The chunk's own copy of the chunk loader has no base URL: the token verifier must be the core's.
        const verifyOverrideToken = options.verifyOverrideToken ?? tokenVerifier(environment.origin, environment.now);
        engine = loaded.createFlagsClient(
          host,
          { ...options, verifyOverrideToken, attributes: extraAttributes },
          environment,
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

    // Every event asks (for its flag context): without a snapshot there is no answer, so no need to read the session.
    const early = () =>
      snapshot ? evaluationsFor(snapshot, userAttributes(host.identity(), extraAttributes)) : undefined;
    const earlyDetail = (key: string): FlagDetail => {
      readBeforeReady.add(key);
      void start();
      return (
        early()?.[key]?.detail ?? { key, value: null, source: 'missing', ruleId: '', hashUsed: false, forced: false }
      );
    };

    return {
      isOn: (key) => (engine ? engine.isOn(key) : isOnValue(earlyDetail(key).value)),
      getFeatureValue: <T extends JsonValue>(key: string, fallback: T): T => {
        if (engine) return engine.getFeatureValue(key, fallback);
        const value = earlyDetail(key).value;
        return (value === null ? fallback : value) as T;
      },
      flagDetail: (key) => engine?.flagDetail(key) ?? earlyDetail(key),
      getVariant(experimentKey) {
        if (engine) return engine.getVariant(experimentKey);
        void start();
        const found = Object.entries(early() ?? {}).find(([, { detail }]) => detail.experiment?.key === experimentKey);
        return found && earlyDetail(found[0]).experiment?.variationKey;
      },
      setAttributes(attributes) {
        extraAttributes = { ...attributes };
        if (engine) engine.setAttributes(attributes);
        else notify();
      },
      applyOverrides: async (overrides, token) => (await whenReady()).applyOverrides(overrides, token),
      state(): FlagsState {
        void start();
        return (
          engine?.state() ?? {
            configSource: 'none',
            productionMode: !!options.productionMode,
            overrideStatus: 'none',
            flags: [],
            experiments: [],
          }
        );
      },
      activeContext() {
        if (engine) return engine.activeContext();
        const evaluations = early();
        return evaluations && activeContextOf(evaluations, false);
      },
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
