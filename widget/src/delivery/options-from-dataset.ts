import type { DeliveryOptions } from './delivery.ts';

type NumericOption = Exclude<keyof DeliveryOptions, 'endpoint' | 'writeKey'>;

/** The script tag's `data-*` attribute for each numeric delivery option (`data-flush-delay="500"`). */
const ATTRIBUTES: Record<NumericOption, string> = {
  batchSize: 'batchSize',
  batchBytes: 'batchBytes',
  flushDelay: 'flushDelay',
  retryDelay: 'retryDelay',
  maxRetryDelay: 'maxRetryDelay',
  requestTimeout: 'requestTimeout',
  gzipAbove: 'gzipAbove',
  maxQueueItems: 'maxQueueItems',
  maxQueueBytes: 'maxQueueBytes',
  maxNetworkRetries: 'maxNetworkRetries',
};

/**
 * Reads delivery tuning from a script tag's dataset; a value that is not a non-negative integer is reported through
 * `warn` and ignored, so a typo never stops the widget.
 */
export function deliveryOptionsFromDataset(
  dataset: DOMStringMap,
  warn: (message: string) => void = () => undefined,
): Partial<DeliveryOptions> {
  const options: Partial<Record<NumericOption, number>> = {};
  for (const [option, key] of Object.entries(ATTRIBUTES) as [NumericOption, string][]) {
    const raw = dataset[key];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (raw.trim() !== '' && Number.isInteger(value) && value >= 0) options[option] = value;
    else
      warn(
        `data-${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}="${raw}" is not a whole number of ms, bytes or items; using the default`,
      );
  }
  return options;
}
