import type { FlagsConfig } from '../../../shared/flags/types.ts';
import { storedJson } from '../stored-json.ts';
import type { KeyValueStorage } from '../stored-json.ts';

/** A config as last fetched: the payload, its ETag for the next conditional request, and when it arrived. */
export interface CachedConfig {
  config: FlagsConfig;
  etag?: string;
  fetchedAt: number;
}

export type { KeyValueStorage } from '../stored-json.ts';

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
  return storedJson<CachedConfig>(
    storage,
    key,
    (cached) => typeof cached?.config?.flags === 'object' && cached.config.flags !== null,
  );
}
