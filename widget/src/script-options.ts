import { DEBUG_BUILD } from './debug-log.ts';
import type { DeliveryOptions } from './delivery/delivery.ts';
import { replayOptionsFromAttributes } from './replay/options.ts';
import type { ScriptTagOptions } from './types.ts';

/** Reads `data-*` attributes one way: by their `dataset` name, a typo or bad value warned about and ignored. */
function datasetReader(dataset: DOMStringMap, warn: (message: string) => void) {
  const text = (key: string) => dataset[key] || undefined;
  return {
    text,
    /** Present and not `"false"` (`data-debug`, `data-debug=""`, `data-debug="true"`). */
    on: (key: string) => dataset[key] !== undefined && dataset[key] !== 'false',
    /** Comma-separated, blanks dropped. */
    list: (key: string) =>
      text(key)
        ?.split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    /** A number `valid` accepts, else undefined with a warning that says what was expected. */
    number(key: string, valid: (value: number) => boolean, expected: string) {
      const raw = dataset[key];
      if (raw === undefined) return undefined;
      if (raw.trim() !== '' && valid(Number(raw))) return Number(raw);
      warn(`data-${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}="${raw}" is not ${expected}`);
      return undefined;
    },
  };
}

type NumericOption = Exclude<keyof DeliveryOptions, 'endpoint' | 'writeKey'>;

/**
 * The numeric delivery options a script tag may set, each by the `data-*` attribute of its own name in kebab case
 * (`flushDelay` is `data-flush-delay="500"`, read as `dataset.flushDelay`).
 */
const NUMERIC_OPTIONS: readonly NumericOption[] = [
  'batchSize',
  'batchBytes',
  'flushDelay',
  'retryDelay',
  'maxRetryDelay',
  'requestTimeout',
  'gzipAbove',
  'maxQueueItems',
  'maxQueueBytes',
  'maxNetworkRetries',
];

/**
 * Reads the client's options from the script tag's `data-*` attributes (docs/widget.md "Configuration"): endpoint,
 * key, debug and release; capture (`data-api-origins`, `data-scrub-params`, `data-disable`, `data-capture-clicks`,
 * `data-auto-page-views="false"`, `data-tracking-plan="off"`); flags (`data-production`, `data-flags-refresh`,
 * `data-flags-bootstrap`); replay (`data-replay`, `data-replay-sample-rate`); and delivery tuning. Returns what is
 * missing when the widget cannot start.
 */
export function optionsFromScript(
  script: HTMLScriptElement,
  warnIn: (debug: boolean) => (message: string) => void,
): ScriptTagOptions | string {
  const { dataset } = script;
  if (!dataset.endpoint) return 'the script tag needs data-endpoint="https://your-api/api"';
  if (!dataset.key) return 'the script tag needs data-key="<public write key>"';
  const debug = dataset.debug !== undefined && dataset.debug !== 'false';
  const warn = warnIn(debug);
  const read = datasetReader(dataset, warn);
  const replay = replayOptionsFromAttributes(read.text('replay'), read.text('replaySampleRate'), warn);
  const refreshInterval = read.number(
    'flagsRefresh',
    (ms) => ms >= 1000,
    // Only ever printed by a debug message: the production build has no use for the text.
    DEBUG_BUILD ? 'a number of milliseconds ≥ 1000; using 30000' : '',
  );
  // Delivery tuning: a value that is not a non-negative integer is warned about and ignored (the default stays).
  const delivery: Partial<Record<NumericOption, number>> = {};
  for (const option of NUMERIC_OPTIONS) {
    const value = read.number(
      option,
      (count) => Number.isInteger(count) && count >= 0,
      DEBUG_BUILD ? 'a whole number of ms, bytes or items; using the default' : '',
    );
    if (value !== undefined) delivery[option] = value;
  }
  return {
    endpoint: new URL(dataset.endpoint, script.src || location.href).href.replace(/\/+$/, ''),
    writeKey: dataset.key,
    debug,
    release: read.text('release'),
    capture: {
      apiOrigins: read.list('apiOrigins'),
      scrubParams: read.list('scrubParams'),
      disable: read.list('disable'),
      captureClicks: read.on('captureClicks'),
      ...(read.text('autoPageViews') === 'false' ? { autoPageViews: false } : {}),
      ...(read.text('trackingPlan') === 'off' ? { trackingPlan: false } : {}),
    },
    replay,
    flags: {
      productionMode: read.on('production'),
      ...(refreshInterval === undefined ? {} : { refreshInterval }),
      // Read and checked by the flags chunk (flags/read-bootstrap.ts), which loads at once when this is set.
      bootstrapElement: read.text('flagsBootstrap'),
    },
    ...delivery,
  };
}
