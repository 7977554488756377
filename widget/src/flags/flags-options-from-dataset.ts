import type { FlagsConfig } from '../../../shared/flags/types.ts';
import type { FlagsOptions } from './flags-client.ts';

/**
 * Reads the flags options from the script tag: `data-flags-bootstrap="<element id>"` names a
 * `<script type="application/json">` holding a server-rendered config (JSON, not script, so a strict CSP allows
 * it); `data-flags-refresh` is the refresh interval in ms; `data-production` turns on production mode.
 */
export function flagsOptionsFromDataset(dataset: DOMStringMap, document: Pick<Document, 'getElementById'>, warn: (message: string) => void): FlagsOptions {
  const options: FlagsOptions = {};
  if (dataset.production !== undefined && dataset.production !== 'false') options.productionMode = true;
  if (dataset.flagsRefresh !== undefined) {
    const ms = Number(dataset.flagsRefresh);
    if (Number.isFinite(ms) && ms >= 1000) options.refreshInterval = ms;
    else warn(`data-flags-refresh="${dataset.flagsRefresh}" is not a number of milliseconds ≥ 1000; using 30000`);
  }
  if (dataset.flagsBootstrap) {
    const element = document.getElementById(dataset.flagsBootstrap);
    try {
      const config = JSON.parse(element?.textContent ?? '') as FlagsConfig;
      if (typeof config?.flags !== 'object' || config.flags === null) throw new Error('it has no "flags" object');
      options.bootstrap = config;
    } catch (error) {
      warn(`data-flags-bootstrap="${dataset.flagsBootstrap}": no usable config in that element (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  return options;
}
