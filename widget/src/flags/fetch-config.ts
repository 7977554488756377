import type { FlagsConfig } from '../../../shared/flags/types.ts';

/** The outcome of one conditional config request. */
export type ConfigFetch =
  | { status: 'modified'; config: FlagsConfig; etag?: string }
  | { status: 'not-modified' }
  | { status: 'failed'; error: string };

/**
 * Fetches `GET {endpoint}/flags/config` with the write key, sending the cached ETag as `If-None-Match` so an
 * unchanged config costs a 304 and no body. Never throws.
 */
export async function fetchConfig(
  endpoint: string,
  writeKey: string,
  etag: string | undefined,
  fetcher: typeof fetch,
): Promise<ConfigFetch> {
  try {
    const headers: Record<string, string> = { Authorization: `Bearer ${writeKey}` };
    if (etag) headers['If-None-Match'] = etag;
    const response = await fetcher(`${endpoint}/flags/config`, { headers, cache: 'no-cache' });
    if (response.status === 304) return { status: 'not-modified' };
    if (!response.ok) return { status: 'failed', error: `flags config: HTTP ${response.status}` };
    const body = (await response.json()) as unknown;
    const config = (body as { config?: unknown }).config ?? body;
    if (
      typeof config !== 'object' ||
      config === null ||
      typeof (config as FlagsConfig).flags !== 'object' ||
      (config as FlagsConfig).flags === null
    ) {
      return { status: 'failed', error: 'flags config: the answer has no "flags" object' };
    }
    return { status: 'modified', config: config as FlagsConfig, etag: response.headers.get('ETag') ?? undefined };
  } catch (error) {
    return { status: 'failed', error: `flags config: ${error instanceof Error ? error.message : String(error)}` };
  }
}
