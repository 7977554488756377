import type { DeliveryOptions } from './delivery.ts';

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
 * Reads delivery tuning from a script tag's dataset; a value that is not a non-negative integer is reported through
 * `warn` and ignored, so a typo never stops the widget.
 */
export function deliveryOptionsFromDataset(
  dataset: DOMStringMap,
  warn: (message: string) => void = () => undefined,
): Partial<DeliveryOptions> {
  const options: Partial<Record<NumericOption, number>> = {};
  for (const option of NUMERIC_OPTIONS) {
    const raw = dataset[option];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (raw.trim() !== '' && Number.isInteger(value) && value >= 0) options[option] = value;
    else
      warn(
        `data-${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}="${raw}" is not a whole number of ms, bytes or items; using the default`,
      );
  }
  return options;
}
