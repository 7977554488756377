import type { InsightEvent } from '../../../shared/protocol.ts';
import { toItem } from './outbox.ts';
import type { Outbox } from './outbox.ts';
import { yieldToMain } from './when-idle.ts';

/** Events on their way into the outbox, and this tab's memory of what the server has not acknowledged yet. */
export interface WriteBuffer {
  /** Holds a new event until the next `write`, and remembers it for page exit. Returns how many wait to be written. */
  add(event: InsightEvent, priority: number, at: number): number;
  /** Writes everything held, in slices; one write at a time (a call during a write joins it). Never rejects. */
  write(): Promise<void>;
  /** Resolves once nothing is held or being written, including events added meanwhile. */
  settle(): Promise<void>;
  /** How many events wait to be written. */
  readonly size: number;
  /** Events this tab has not seen acknowledged, oldest first: what page exit can send without reading storage. */
  unacknowledged(): InsightEvent[];
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
  const unacknowledged = new Map<string, InsightEvent>();
  let pending: { event: InsightEvent; priority: number; at: number }[] = [];
  let writing: Promise<void> | undefined;

  const write = (): Promise<void> => {
    if (writing) return writing;
    writing = (async () => {
      const outbox = await options.outbox();
      while (pending.length) {
        const slice = pending.splice(0, sliceSize).map(({ event, priority, at }) => toItem(event, priority, at));
        await outbox.add(slice).catch(() => undefined);
        if (pending.length) await yieldToMain();
      }
    })()
      .catch(() => undefined)
      .finally(() => (writing = undefined));
    void writing.then(options.onWritten);
    return writing;
  };

  return {
    add(event, priority, at) {
      pending.push({ event, priority, at });
      unacknowledged.set(event.id, event);
      if (unacknowledged.size > exitMemory) unacknowledged.delete(unacknowledged.keys().next().value as string);
      return pending.length;
    },
    write,
    async settle() {
      while (writing || pending.length) await write();
    },
    get size() {
      return pending.length;
    },
    unacknowledged: () => [...unacknowledged.values()],
    forget(ids) {
      for (const id of ids) unacknowledged.delete(id);
    },
    delivered(ids) {
      const gone = new Set(ids);
      for (const id of ids) unacknowledged.delete(id);
      pending = pending.filter(({ event }) => !gone.has(event.id));
    },
    clear() {
      pending = [];
      unacknowledged.clear();
    },
  };
}
