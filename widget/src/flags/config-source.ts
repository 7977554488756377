import type { FlagsConfig } from '../../../shared/flags/types.ts';
import type { FlagsState } from '../../../shared/bridge.ts';
import { configCacheKey, createConfigCache } from './config-cache.ts';
import type { KeyValueStorage } from './config-cache.ts';
import { fetchConfig } from './fetch-config.ts';

const FOCUS_REFRESH_GAP_MS = 5_000;
const DEFAULT_REFRESH_MS = 30_000;
/** The shortest refresh: every open page polls, so a slip such as `refreshInterval: 0` would flood the API. */
const MIN_REFRESH_MS = 1000;

/** Where the config comes from and how often it is checked. */
export interface ConfigSourceOptions {
  endpoint: string;
  writeKey: string;
  bootstrap?: FlagsConfig;
  refreshInterval?: number;
  fetchConfig?: boolean;
}

/** The globals a config source needs. */
export interface ConfigSourceEnvironment {
  fetch: typeof fetch;
  storage?: KeyValueStorage;
  /** Focus and visibility are the moments a stale config matters: the user is looking again. */
  window?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  /** `getElementById` finds a bootstrap config rendered into the page (`bootstrapElement`). */
  document?: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'> &
    Partial<Pick<Document, 'getElementById'>>;
  setInterval?: (callback: () => void, ms: number) => unknown;
  clearInterval?: (handle: unknown) => void;
  now: () => number;
}

/**
 * Keeps the flags config current: `bootstrap`, else the cached config (synchronously, so nothing flickers), then
 * a conditional fetch with the cached ETag, again every `refreshInterval` (30 s by default, so a kill switch
 * reaches every open page within a minute) and when a visible page regains focus (at most every 5 s).
 * `onChange` hears each new config.
 */
export function createConfigSource(
  options: ConfigSourceOptions,
  environment: ConfigSourceEnvironment,
  onChange: () => void,
  warn?: (message: string) => void,
) {
  const cache = createConfigCache(environment.storage, configCacheKey(options.endpoint, options.writeKey));
  const cached = cache.read();
  let config: FlagsConfig | undefined = options.bootstrap ?? cached?.config;
  let source: FlagsState['configSource'] = options.bootstrap ? 'bootstrap' : cached ? 'cache' : 'none';
  let etag = options.bootstrap ? undefined : cached?.etag;
  let fetchedAt = options.bootstrap ? undefined : cached?.fetchedAt;
  let lastError: string | undefined;

  const refresh = async () => {
    if (options.fetchConfig === false) return;
    const result = await fetchConfig(options.endpoint, options.writeKey, etag, environment.fetch);
    if (result.status === 'failed') {
      lastError = result.error;
      warn?.(result.error);
      return;
    }
    lastError = undefined;
    fetchedAt = environment.now();
    if (result.status === 'not-modified') {
      if (config) cache.write({ config, etag, fetchedAt });
      return;
    }
    config = result.config;
    etag = result.etag;
    source = 'network';
    cache.write({ config, etag, fetchedAt });
    onChange();
  };
  const stopRefreshing =
    options.fetchConfig === false
      ? undefined
      : refreshWhenLooked(environment, refresh, refreshMs(options.refreshInterval));
  void refresh();

  return {
    config: () => config,
    /** Where the config came from, for the extension. */
    describe: (): Pick<FlagsState, 'configSource' | 'configVersion' | 'fetchedAt' | 'lastError'> => ({
      configSource: source,
      ...(config?.version !== undefined ? { configVersion: config.version } : {}),
      ...(fetchedAt !== undefined ? { fetchedAt } : {}),
      ...(lastError ? { lastError } : {}),
    }),
    refresh,
    stop() {
      stopRefreshing?.();
    },
  };
}

/** `refreshInterval` as used: 30 s by default, and also when it is not a number of ms of 1 s or more (as the attribute). */
function refreshMs(interval: number | undefined): number {
  return interval !== undefined && interval >= MIN_REFRESH_MS ? interval : DEFAULT_REFRESH_MS;
}

/**
 * Refreshes every `intervalMs` and when a visible page regains focus (at most every 5 s): the moments a stale config
 * matters are when the user looks again. Returns what stops it.
 */
function refreshWhenLooked(
  environment: ConfigSourceEnvironment,
  refresh: () => Promise<void>,
  intervalMs: number,
): () => void {
  let lastFocusRefresh = 0;
  const onFocus = () => {
    if (environment.document && environment.document.visibilityState !== 'visible') return;
    const now = environment.now();
    if (now - lastFocusRefresh < FOCUS_REFRESH_GAP_MS) return;
    lastFocusRefresh = now;
    void refresh();
  };
  environment.window?.addEventListener?.('focus', onFocus);
  environment.document?.addEventListener?.('visibilitychange', onFocus);
  const timer = environment.setInterval?.(() => void refresh(), intervalMs);
  return () => {
    if (timer !== undefined) environment.clearInterval?.(timer);
    environment.window?.removeEventListener?.('focus', onFocus);
    environment.document?.removeEventListener?.('visibilitychange', onFocus);
  };
}
