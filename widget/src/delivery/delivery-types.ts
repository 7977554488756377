import type { InsightEvent } from '../../../shared/protocol.ts';
import type { SendChunkLoader } from './lazy-send-loop.ts';
import type { Locks } from './leader.ts';
import type { Outbox, OutboxOptions } from './outbox.ts';

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

/** Browser globals delivery uses, injectable for tests. */
export interface DeliveryEnvironment {
  window: Pick<Window, 'addEventListener' | 'removeEventListener'> & Partial<Pick<Window, 'requestIdleCallback'>>;
  document: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState' | 'readyState'>;
  navigator?: { onLine?: boolean; locks?: Locks; sendBeacon?: (url: string, data: BodyInit) => boolean };
  /** The native fetch, captured before the page can patch it. */
  fetch: typeof fetch;
  now: () => number;
  random?: () => number;
  /** An already opened outbox (its drops are not counted in client reports); prefer `openOutbox`. */
  outbox?: Promise<Outbox>;
  /** Opens the outbox; defaults to IndexedDB with memory fallback. */
  openOutbox?: (options: OutboxOptions) => Promise<Outbox>;
  BroadcastChannel?: typeof BroadcastChannel;
  /** The sending half (the `send` chunk, or the bundled module in the npm entry); `undefined` when it did not load. */
  send: SendChunkLoader;
}

/** The last send attempt, for the extension's status view. */
export interface LastSync {
  at: number;
  ok: boolean;
  status?: number;
  error?: string;
  delivered?: number;
}

/** The one interface the client uses to deliver events. */
export interface Delivery {
  /**
   * Stores the event in the outbox (never throws); it is sent in the next batch. `json` is the event's JSON if the
   * caller made it already (the pipeline does, to check its size).
   */
  enqueue(event: InsightEvent, json?: string): void;
  /** Sends everything now; resolves when the outbox is empty, rejects when a send failed (events kept). */
  flush(): Promise<{ delivered: number; pending: number }>;
  state(): Promise<{ queued: number; storage: 'indexeddb' | 'memory'; lastSync?: LastSync }>;
  /** Called after each change in what is queued or sent. */
  onChange(listener: () => void): () => void;
  /** Deletes every event not yet delivered, of every tab (the visitor opted out); a request already under way may still land. */
  discard(): Promise<void>;
  /** Stops timers and listeners; queued events stay in the outbox for the next page. */
  stop(): void;
}
