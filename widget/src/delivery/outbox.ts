import type { InsightEvent } from '../../../shared/protocol.ts';
import { openDatabase } from '../database.ts';
import { safely } from '../safely.ts';
import type { DatabaseEvents, OutboxItem } from '../database.ts';
import { dropOrder, idOrder, indexedDbStore, isOutboxItem, memoryStore } from './outbox-store.ts';
import type { OutboxStore } from './outbox-store.ts';

/** Why an item left the outbox without being delivered; each is counted and reported. */
export type DropReason = 'overflow' | 'invalid' | 'too_large' | 'rejected' | 'corrupt' | 'sampled';

/** Durable store of events not yet acknowledged by the server. Items leave only through `remove` or a counted drop. */
export interface Outbox {
  /** Where new items go right now; becomes `memory` while IndexedDB is failing. */
  readonly kind: 'indexeddb' | 'memory';
  /**
   * Stores items, then drops the lowest-priority, oldest ones (counted, new ones included) when over the limits.
   * `exempt` skips the limits for the one small client report, which must not itself push out an event it would then
   * have to count.
   */
  add(items: readonly OutboxItem[], exempt?: boolean): Promise<void>;
  /** The oldest items, at most `limit`; corrupt records are removed and counted on the way. */
  peek(limit: number): Promise<OutboxItem[]>;
  /** Replaces items in place (to record a send attempt). */
  update(items: readonly OutboxItem[]): Promise<void>;
  remove(ids: readonly string[]): Promise<void>;
  count(): Promise<number>;
}

/** Bounds of the outbox. */
interface OutboxLimits {
  maxItems: number;
  maxBytes: number;
}

/** How to open the outbox; everything has a default. */
export interface OutboxOptions {
  /** Defaults 10,000 items and 5 MiB: a long offline stretch of a busy CRM page, small next to any browser's quota. */
  limits?: Partial<OutboxLimits>;
  onDrop?: (reason: DropReason, count: number) => void;
  /** Opens the database; injectable for tests. */
  open?: (events: DatabaseEvents) => Promise<IDBDatabase>;
  /** Give up waiting for an open that another tab blocks, and use memory meanwhile (ms). */
  openTimeout?: number;
  /** Wait at least this long before reopening after a failure (ms). */
  reopenDelay?: number;
  now?: () => number;
}

/** Wraps an event as an outbox item; `json` is the event's JSON when the caller has made it already. */
export function toItem(event: InsightEvent, priority: number, now: number, json = JSON.stringify(event)): OutboxItem {
  return { id: event.id, event, bytes: json.length, priority, createdAt: now, attempts: 0, json };
}

/** Runs an operation on IndexedDB if connected; resolves to undefined when not connected or when it failed. */
type OnDurable = <T>(operation: (store: OutboxStore) => Promise<T>) => Promise<T | undefined>;

/**
 * Opens the outbox: IndexedDB when it works, memory when it does not, never throwing. A connection closed under
 * us, an upgrade blocked by another tab or a failing write switches new items to memory and reopens later; items
 * already in memory are still sent from there.
 */
export async function openOutbox(options: OutboxOptions = {}): Promise<Outbox> {
  const open = options.open ?? openDatabase;
  const now = options.now ?? Date.now;
  const reopenDelay = options.reopenDelay ?? 5000;
  let database: IDBDatabase | undefined;
  let durable: OutboxStore | undefined;
  let lastAttempt = -Infinity;
  let opening: Promise<void> | undefined;
  // Outlives connections: after a reopen the store must still find the records of this tab's earlier items.
  const recordKeys = new Map<string, string>();
  const lose = () => {
    // It may be closed already.
    safely(() => database?.close());
    database = undefined;
    durable = undefined;
  };
  const connect = (): Promise<void> => {
    if (durable || opening || now() - lastAttempt < reopenDelay) return opening ?? Promise.resolve();
    lastAttempt = now();
    const attempt = open({ blocking: lose, terminated: lose }).then((db) => {
      if (timedOut) {
        db.close();
        return;
      }
      database = db;
      durable = indexedDbStore(db, recordKeys);
    });
    let timedOut = false;
    const timeout = new Promise<void>((resolve) =>
      setTimeout(() => {
        timedOut = true;
        resolve();
      }, options.openTimeout ?? 3000),
    );
    opening = Promise.race([attempt, timeout])
      .catch(() => lose())
      .finally(() => (opening = undefined));
    return opening;
  };
  /** Runs an operation on IndexedDB if connected; on failure drops the connection (reopened later). */
  const onDurable: OnDurable = async (operation) => {
    await connect();
    const store = durable;
    if (!store) return undefined;
    try {
      return await operation(store);
    } catch (error) {
      // Over quota the connection is fine; anything else (closed, aborted) may be cured by reopening.
      if ((error as { name?: string } | undefined)?.name !== 'QuotaExceededError') lose();
      return undefined;
    }
  };
  await connect();
  return {
    get kind() {
      return durable ? 'indexeddb' : 'memory';
    },
    ...boundedOutbox(options, onDurable, recordKeys),
  };
}

/**
 * The outbox without its connection: items in IndexedDB (through `onDurable`) or else in memory, held to the limits
 * as each write lands, with what overflows dropped and counted.
 */
function boundedOutbox(
  options: OutboxOptions,
  onDurable: OnDurable,
  recordKeys: Map<string, string>,
): Omit<Outbox, 'kind'> {
  const maxItems = options.limits?.maxItems ?? 10_000;
  const maxBytes = options.limits?.maxBytes ?? 5 * 1024 * 1024;
  const onDrop = options.onDrop ?? (() => undefined);
  const memory = memoryStore();
  // Bytes of the items this tab has written or read; others' items join when the sender reads them. Summing every
  // record on each write would read the whole store, so the byte bound is this tally's.
  const known = new Map<string, number>();
  let knownBytes = 0;
  const learn = (items: readonly OutboxItem[]) => {
    for (const item of items) {
      knownBytes += item.bytes - (known.get(item.id) ?? 0);
      known.set(item.id, item.bytes);
    }
  };
  const forget = (ids: readonly string[]) => {
    for (const id of ids) {
      knownBytes -= known.get(id) ?? 0;
      known.delete(id);
    }
  };
  const stores = bothStores(memory, onDurable, onDrop, learn, forget);

  /**
   * Rebuilds the tally (and the record keys) from what the outbox really holds. The items this tab wrote and another
   * tab then sent stay in it otherwise, so in a tab open all day it would pass the byte limit with an empty outbox and
   * drop new events. Run only when the tally says the outbox is over a limit or it has grown past any real outbox.
   */
  const recount = async () => {
    const held = [...((await onDurable((store) => store.peek(Infinity))) ?? []), ...(await memory.peek(Infinity))];
    known.clear();
    knownBytes = 0;
    learn(held.filter(isOutboxItem));
    for (const id of recordKeys.keys()) if (!known.has(id)) recordKeys.delete(id);
  };

  return {
    async add(items, exempt = false) {
      if (!items.length) return;
      learn(items);
      // Written first, then held to the limits: the write counts what the outbox then holds, where a count before it
      // would wait for the database once more per write. What overflows goes at once, new items included.
      const stored = await onDurable((store) => store.put(items));
      if (stored === undefined) await memory.put(items);
      if (exempt) return;
      const count = stored === undefined ? await stores.count() : stored + (await memory.count());
      if (knownBytes > maxBytes || known.size > 2 * maxItems) await recount();
      const dropped = await overflowing(maxItems, maxBytes, count, knownBytes, memory, onDurable);
      if (!dropped.length) return;
      await stores.remove(dropped);
      onDrop('overflow', dropped.length);
    },
    ...stores,
  };
}

/**
 * Reads, updates, removes and counts the outbox's items in both its stores, IndexedDB and memory. `learn` is told of
 * every item read and `forget` of every item removed, for the byte tally.
 */
function bothStores(
  memory: OutboxStore,
  onDurable: OnDurable,
  onDrop: (reason: DropReason, count: number) => void,
  learn: (items: readonly OutboxItem[]) => void,
  forget: (ids: readonly string[]) => void,
): Pick<Outbox, 'peek' | 'update' | 'remove' | 'count'> {
  return {
    async peek(limit) {
      const fromDisk = (await onDurable((store) => store.peek(limit))) ?? [];
      const corrupt = fromDisk.filter((item) => !isOutboxItem(item));
      if (corrupt.length) {
        const keys = corrupt
          .map((item) => (item as { id?: unknown }).id)
          .filter((id): id is string => typeof id === 'string');
        await onDurable((store) => store.remove(keys));
        onDrop('corrupt', corrupt.length);
      }
      const merged = [...fromDisk.filter(isOutboxItem), ...(await memory.peek(limit))];
      const oldest = merged.sort(idOrder).slice(0, limit);
      learn(oldest);
      return oldest;
    },
    async update(items) {
      // Each store replaces only the items it holds.
      await memory.update(items);
      await onDurable((store) => store.update(items));
    },
    async remove(ids) {
      forget(ids);
      await memory.remove(ids);
      await onDurable((store) => store.remove(ids));
    },
    count: async () => (await memory.count()) + ((await onDurable((store) => store.count())) ?? 0),
  };
}

/**
 * The ids of the items to drop, lowest priority and oldest first, to bring the outbox back within its limits.
 * `count` and `bytes` are what the outbox holds now, as far as this tab knows.
 */
async function overflowing(
  maxItems: number,
  maxBytes: number,
  count: number,
  bytes: number,
  memory: OutboxStore,
  onDurable: OnDurable,
): Promise<string[]> {
  if (count <= maxItems && bytes <= maxBytes) return [];
  // Enough candidates for the item limit; for the byte limit assume the smallest are no smaller than the average.
  const average = Math.max(1, bytes / Math.max(count, 1));
  const need = Math.max(count - maxItems, Math.ceil((bytes - maxBytes) / average), 1);
  const candidates = [...((await onDurable((store) => store.lowest(need))) ?? []), ...(await memory.lowest(need))].sort(
    dropOrder,
  );
  const dropped: string[] = [];
  for (const candidate of candidates) {
    if (count <= maxItems && bytes <= maxBytes) break;
    dropped.push(candidate.id);
    count--;
    bytes -= candidate.bytes;
  }
  return dropped;
}

/** An outbox that lives only in memory (tests, and pages that opt out of storage). */
export function memoryOutbox(options: Omit<OutboxOptions, 'open'> = {}): Promise<Outbox> {
  return openOutbox({
    ...options,
    open: () => Promise.reject(new Error('memory outbox requested')),
    reopenDelay: Infinity,
  });
}

/** Deletes every item, in bounded rounds: an outbox holds 10,000 items by default, and a failing store must not spin. */
export async function emptyOutbox(outbox: Outbox): Promise<void> {
  for (let round = 0; round < 100; round++) {
    const items = await outbox.peek(1000);
    if (!items.length) break;
    await outbox.remove(items.map((item) => item.id));
  }
}
