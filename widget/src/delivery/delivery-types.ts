import type { InsightEvent } from '../../../shared/protocol.ts';
import type { Locks } from './leader.ts';
import type { Outbox, OutboxOptions } from './outbox.ts';

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
  /** Stores the event in the outbox (never throws); it is sent in the next batch. */
  enqueue(event: InsightEvent, priority?: number): void;
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
