import { COUNT_BITS, itemsOf, outboxRecord } from '../database.ts';
import type { OutboxItem, OutboxRecord } from '../database.ts';
import { committed, requested } from '../idb-promises.ts';

/** One place outbox items are kept: IndexedDB or memory. Ordered by id (UUIDv7, so by creation time). */
export interface OutboxStore {
  /** Stores new items; resolves to how many items the store then holds. */
  put(items: readonly OutboxItem[]): Promise<number>;
  /** Replaces items already stored (to record a send attempt). */
  update(items: readonly OutboxItem[]): Promise<void>;
  /** The oldest items, at most `limit`. */
  peek(limit: number): Promise<OutboxItem[]>;
  remove(ids: readonly string[]): Promise<void>;
  count(): Promise<number>;
  /** The `limit` items to drop first when full: lowest priority, oldest first. */
  lowest(limit: number): Promise<OutboxItem[]>;
}

/** Lowest priority first, then oldest first: the order in which a full outbox drops items. */
export function dropOrder(a: OutboxItem, b: OutboxItem): number {
  return a.priority - b.priority || idOrder(a, b);
}

/** Oldest first: ids are UUIDv7. */
export function idOrder(a: OutboxItem, b: OutboxItem): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Whether a stored record is still an item we can send (a record may be corrupted by old code or by hand). */
export function isOutboxItem(value: unknown): value is OutboxItem {
  // Whatever is not an object (null included) has no string `id`, nor an event with a matching one.
  const item = value as Partial<OutboxItem> | null | undefined;
  const event = item?.event as Partial<OutboxItem['event']> | null | undefined;
  return (
    typeof item?.id === 'string' &&
    typeof item.bytes === 'number' &&
    typeof item.priority === 'number' &&
    event?.id === item.id &&
    typeof event.type === 'string' &&
    typeof event.ts === 'number'
  );
}

/**
 * Records read per request: a burst of events is one record (or one per priority), so a few records are usually the
 * whole outbox, and a read never holds more than this many records beyond what it needed.
 */
const RECORDS_PER_READ = 8;

/**
 * The outbox on IndexedDB: survives reloads and crashes, and is shared by all tabs of the origin. `recordKeys` maps
 * the id of every item this outbox has put or read to the key of the record holding it (an item never moves to
 * another record); pass one map for the life of the page so a reopened connection still finds this tab's items. The
 * sender reads what it removes, and a tab removes unread only its own items, so every item removed is one it knows.
 */
export function indexedDbStore(db: IDBDatabase, recordKeys: Map<string, string>): OutboxStore {
  const transaction = (mode?: IDBTransactionMode) => db.transaction('outbox', mode);
  /** Changes the items of the records holding `ids`, in one transaction; a record left empty is deleted. */
  const rewrite = async (ids: readonly string[], change: (items: OutboxItem[]) => OutboxItem[]) => {
    if (!ids.length) return;
    const writing = transaction('readwrite');
    const store = writing.objectStore('outbox');
    const changing = async () => {
      // An item never put or read here is looked for under its own id: the key of a record it is first in, and of a
      // corrupt record (read as one item whose id is the key).
      for (const key of new Set(ids.map((id) => recordKeys.get(id) ?? id))) {
        const record: OutboxRecord | undefined = await requested(store.get(key));
        const items = record ? change(itemsOf(record)) : [];
        if (items.length) await requested(store.put(outboxRecord(items, key)));
        else await requested(store.delete(key));
      }
    };
    await Promise.all([changing(), committed(writing)]);
  };
  const outbox = () => transaction().objectStore('outbox');
  return {
    async put(items) {
      const writing = transaction('readwrite');
      const store = writing.objectStore('outbox');
      // Counted in the write's own transaction, before the puts (which need not wait for it): no other tab can change
      // the store meanwhile, so that count and the new items are what it then holds.
      const counted = countItems(store.index('by-count-bit'));
      // One pass: a burst is almost always of one priority, and this runs for every item written.
      const records = new Map<number, OutboxItem[]>();
      for (const item of items) {
        const record = records.get(item.priority) ?? [];
        if (!record.length) records.set(item.priority, record);
        recordKeys.set(item.id, record.length ? record[0]!.id : item.id);
        record.push(item);
      }
      const written = [...records.values()].map((record) => requested(store.put(outboxRecord(record))));
      const [count] = await Promise.all([counted, ...written, committed(writing)]);
      return count + items.length;
    },
    update(items) {
      const changed = new Map(items.map((item) => [item.id, item]));
      return rewrite([...changed.keys()], (stored) => stored.map((item) => changed.get(item.id) ?? item));
    },
    peek: (limit) => readItems(outbox(), recordKeys, limit, idOrder),
    async remove(ids) {
      const gone = new Set(ids);
      await rewrite(ids, (stored) => stored.filter((item) => !gone.has(item?.id)));
      for (const id of ids) recordKeys.delete(id);
    },
    count: () => countItems(outbox().index('by-count-bit')),
    lowest: (limit) => readItems(outbox().index('by-priority'), recordKeys, limit, dropOrder),
  };
}

/**
 * The first `limit` items in `order` of the records read off `source` until they hold as many; notes their keys in
 * `recordKeys`. A page of records per `getAll`, each after the last key read: no cursor, whose first use on a page
 * cost Chromium 4 to 8 ms of main thread at 4x CPU throttling, where a `getAll` cost under 1 ms (docs/performance.md).
 */
async function readItems(
  source: IDBObjectStore | IDBIndex,
  recordKeys: Map<string, string>,
  limit: number,
  order: (a: OutboxItem, b: OutboxItem) => number,
): Promise<OutboxItem[]> {
  const items: OutboxItem[] = [];
  let after: IDBKeyRange | undefined;
  for (;;) {
    const records: OutboxRecord[] = await requested(source.getAll(after, RECORDS_PER_READ));
    for (const record of records)
      for (const item of itemsOf(record)) {
        recordKeys.set(item?.id, record.id);
        items.push(item);
      }
    if (items.length >= limit || records.length < RECORDS_PER_READ) return items.sort(order).slice(0, limit);
    const last = records[RECORDS_PER_READ - 1]!;
    // The next page starts after the last record's key in `source`: the `by-priority` index's or the store's.
    after = IDBKeyRange.lowerBound(source instanceof IDBIndex ? [last.priority, last.id] : last.id, true);
  }
}

/**
 * The items in all records, from the `by-count-bit` index: the records whose count has bit `b` set, times `2 ** b`,
 * summed over the bits. A fixed number of index counts, whatever the records hold, and exact across tabs (the index
 * changes in the transaction that changes a record); a record without bits (written by hand) counts for nothing.
 */
async function countItems(index: IDBIndex): Promise<number> {
  const counts = await Promise.all(COUNT_BITS.map((bit) => requested(index.count(bit))));
  return counts.reduce((sum, records, bit) => sum + records * 2 ** bit, 0);
}

/** The outbox in memory, where IndexedDB is unavailable: survives nothing, loses nothing while the page lives. */
export function memoryStore(): OutboxStore {
  const items = new Map<string, OutboxItem>();
  const sorted = () => [...items.values()].sort(idOrder);
  return {
    async put(list) {
      for (const item of list) items.set(item.id, item);
      return items.size;
    },
    async update(list) {
      for (const item of list) if (items.has(item.id)) items.set(item.id, item);
    },
    peek: async (limit) => sorted().slice(0, limit),
    async remove(ids) {
      for (const id of ids) items.delete(id);
    },
    count: async () => items.size,
    lowest: async (limit) => [...items.values()].sort(dropOrder).slice(0, limit),
  };
}
