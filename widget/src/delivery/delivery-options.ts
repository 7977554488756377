import { DEFAULT_OUTBOX_LIMITS } from './outbox.ts';
import { DEFAULT_RETRY_POLICY } from './retry-policy.ts';

/** Tuning of delivery; every field has a default. */
export interface DeliveryOptions {
  endpoint: string;
  writeKey: string;
  /** Most events in one request. Default 50 (the server takes up to 500). */
  batchSize?: number;
  /** Most bytes in one request before compression. Default 128 KiB (the server takes 1 MiB): serializing a batch runs on the main thread, and a smaller one keeps that step well under 50 ms. */
  batchBytes?: number;
  /** Wait after an event before sending, to gather a batch (ms). Default 1000. */
  flushDelay?: number;
  /** First retry delay (ms). Default 1000; doubles per failure, with jitter. */
  retryDelay?: number;
  /** Longest wait between retries, including the server's `Retry-After` (ms). Default 300000. */
  maxRetryDelay?: number;
  /** Abort a request without an answer after this long (ms). Default 10000. */
  requestTimeout?: number;
  /** Gzip request bodies larger than this (bytes). Default 1024: JSON batches shrink to about a quarter. */
  gzipAbove?: number;
  /** Most events kept in the outbox. Default 10000. */
  maxQueueItems?: number;
  /** Most bytes kept in the outbox. Default 5 MiB. */
  maxQueueBytes?: number;
  /** Network failures in a row while online (an ad blocker) before retries wait for the next trigger. Default 5. */
  maxNetworkRetries?: number;
}

/** Fills in the defaults of every option left out (or set to undefined). */
export function resolveDeliveryOptions(options: DeliveryOptions): Required<DeliveryOptions> {
  return {
    endpoint: options.endpoint,
    writeKey: options.writeKey,
    batchSize: options.batchSize ?? 50,
    batchBytes: options.batchBytes ?? 128 * 1024,
    flushDelay: options.flushDelay ?? 1000,
    retryDelay: options.retryDelay ?? DEFAULT_RETRY_POLICY.baseDelay,
    maxRetryDelay: options.maxRetryDelay ?? DEFAULT_RETRY_POLICY.maxDelay,
    requestTimeout: options.requestTimeout ?? 10_000,
    gzipAbove: options.gzipAbove ?? 1024,
    maxQueueItems: options.maxQueueItems ?? DEFAULT_OUTBOX_LIMITS.maxItems,
    maxQueueBytes: options.maxQueueBytes ?? DEFAULT_OUTBOX_LIMITS.maxBytes,
    maxNetworkRetries: options.maxNetworkRetries ?? 5,
  };
}
