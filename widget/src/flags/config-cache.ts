import type { FlagsConfig } from '../../../shared/flags/types.ts';

/** A config as last fetched: the payload, its ETag for the next conditional request, and when it arrived. */
export interface CachedConfig {
  config: FlagsConfig;
  etag?: string;
  fetchedAt: number;
}

/** The slice of the Storage API the cache needs (localStorage in browsers). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The localStorage key of an endpoint's cached config: one per API and write key, so two projects never mix. */
export function configCacheKey(endpoint: string, writeKey: string): string {
  return `crm-insights:flags:${endpoint}|${writeKey}`;
}

/**
 * Reads and writes the last config, so a page starts with flags at once and offline. localStorage rather than
 * IndexedDB: it is synchronous, so the very first `isOn()` of a page already sees the cached config — no flicker
 * waiting for an async read — and a config is a few KB.
 */
export function createConfigCache(storage: KeyValueStorage | undefined, key: string) {
  return {
    read(): CachedConfig | undefined {
      try {
        const raw = storage?.getItem(key);
        if (!raw) return undefined;
        const cached = JSON.parse(raw) as CachedConfig;
        return cached && typeof cached.config?.flags === 'object' && cached.config.flags !== null ? cached : undefined;
      } catch {
        // Corrupt or unreadable (privacy mode): start from the network instead.
        return undefined;
      }
    },
    write(value: CachedConfig): void {
      try {
        storage?.setItem(key, JSON.stringify(value));
      } catch {
        // Full or forbidden storage only costs the next page its instant start.
      }
    },
  };
}
