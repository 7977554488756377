import type { FlagsOptions } from './flags-client.ts';

/**
 * Reads the flags options from the script tag: `data-flags-bootstrap="<element id>"` names a
 * `<script type="application/json">` holding a server-rendered config (JSON, not script, so a strict CSP allows
 * it); `data-flags-refresh` is the refresh interval in ms; `data-production` turns on production mode.
 */
export function flagsOptionsFromDataset(dataset: DOMStringMap, warn: (message: string) => void): FlagsOptions {
  const options: FlagsOptions = {};
  if (dataset.production !== undefined && dataset.production !== 'false') options.productionMode = true;
  if (dataset.flagsRefresh !== undefined) {
    const ms = Number(dataset.flagsRefresh);
    if (Number.isFinite(ms) && ms >= 1000) options.refreshInterval = ms;
    else warn(`data-flags-refresh="${dataset.flagsRefresh}" is not a number of milliseconds ≥ 1000; using 30000`);
  }
  // Read and checked by the flags chunk (flags/read-bootstrap.ts), which loads at once when this is set.
  if (dataset.flagsBootstrap) options.bootstrapElement = dataset.flagsBootstrap;
  return options;
}
