import type { InsightEvent } from '../../../shared/protocol.ts';
import type { OutboxItem } from '../database.ts';
import { toItem } from './outbox.ts';
import type { Outbox } from './outbox.ts';
import { yieldToMain } from './when-idle.ts';

/** Events on their way into the outbox, and this tab's memory of what the server has not acknowledged yet. */
export interface WriteBuffer {
  /**
   * Holds a new event until the next `write`, and remembers it for page exit; `json` is its JSON if the caller made it.
   * Returns how many wait to be written.
   */
  add(event: InsightEvent, priority: number, at: number, json?: string): number;
  /** Writes everything held, in slices; one write at a time (a call during a write joins it). Never rejects. */
  write(): Promise<void>;
  /** Resolves once nothing is held or being written, including events added meanwhile. */
  settle(): Promise<void>;
  /** How many events wait to be written. */
  readonly size: number;
  /** Items this tab has not seen acknowledged, oldest first: what page exit can send without reading storage. */
  unacknowledged(): OutboxItem[];
  /** Done with these events for good (delivered or dropped): page exit must not send them again. */
  forget(ids: readonly string[]): void;
  /** Delivered by page exit, maybe before they were written: forget them, and never write them. */
  delivered(ids: readonly string[]): void;
  /** Drops everything held and remembered (the visitor opted out). */
  clear(): void;
}

/** How the buffer reaches the outbox, and whom it tells. */
export interface WriteBufferOptions {
  /** The outbox, opened on first need. */
  outbox: () => Promise<Outbox>;
  /** Called after each write, whether or not it stored everything. */
  onWritten: () => void;
  /** Events per transaction. Default 1000. */
  sliceSize?: number;
  /** Most events remembered for page exit; the oldest are forgotten first. Default 500. */
  exitMemory?: number;
}

/**
 * Makes the write buffer. IndexedDB pays per record and per transaction, not per event, so a slice of events is
 * one transaction and one record per priority; between slices it yields, so a burst makes no long task.
 */
export function createWriteBuffer(options: WriteBufferOptions): WriteBuffer {
  const sliceSize = options.sliceSize ?? 1000;
  const exitMemory = options.exitMemory ?? 500;
  // The items added, newest last, a forgotten one left as a hole so the newest `exitMemory` stay the same ones;
  // trimmed to `exitMemory` once it holds twice as many. A burst of events costs a push each, where forgetting the
  // oldest one by one (a Map's first key) walked the holes the ones before had left in the Map.
  let recent: (OutboxItem | undefined)[] = [];
  let pending: OutboxItem[] = [];
  let writing: Promise<void> | undefined;
  const forget = (ids: readonly string[]) => {
    const gone = new Set(ids);
    recent = recent.map((item) => (item && gone.has(item.id) ? undefined : item));
    return gone;
  };

  const write = (): Promise<void> => {
    if (writing) return writing;
    writing = (async () => {
      const outbox = await options.outbox();
      while (pending.length) {
        await outbox.add(pending.splice(0, sliceSize)).catch(() => undefined);
        if (pending.length) await yieldToMain();
      }
    })()
      .catch(() => undefined)
      .finally(() => (writing = undefined));
    void writing.then(options.onWritten);
    return writing;
  };

  return {
    add(event, priority, at, json) {
      const item = toItem(event, priority, at, json);
      pending.push(item);
      if (recent.push(item) > 2 * exitMemory) recent = recent.slice(-exitMemory);
      return pending.length;
    },
    write,
    async settle() {
      while (writing || pending.length) await write();
    },
    get size() {
      return pending.length;
    },
    unacknowledged: () => recent.slice(-exitMemory).filter((item) => item !== undefined),
    forget,
    delivered(ids) {
      const gone = forget(ids);
      pending = pending.filter((item) => !gone.has(item.id));
    },
    clear() {
      pending = [];
      recent = [];
    },
  };
}
