import type { IDBPDatabase } from 'idb';
import { outboxRecord } from '../database.ts';
import type { InsightsSchema, OutboxItem, OutboxRecord } from '../database.ts';

/** One place outbox items are kept: IndexedDB or memory. Ordered by id (UUIDv7, so by creation time). */
export interface OutboxStore {
  /** Stores new items. */
  put(items: readonly OutboxItem[]): Promise<void>;
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
  if (typeof value !== 'object' || value === null) return false;
  const item = value as Partial<OutboxItem>;
  const event = item.event as Partial<OutboxItem['event']> | undefined;
  return (
    typeof item.id === 'string' &&
    typeof item.bytes === 'number' &&
    typeof item.priority === 'number' &&
    typeof event === 'object' &&
    event !== null &&
    event.id === item.id &&
    typeof event.type === 'string' &&
    typeof event.ts === 'number'
  );
}

/** The outbox on IndexedDB: survives reloads and crashes, and is shared by all tabs of the origin. */
export function indexedDbStore(db: IDBPDatabase<InsightsSchema>): OutboxStore {
  /** Changes the items of the records holding `ids`, in one transaction; a record left empty is deleted. */
  const rewrite = async (ids: readonly string[], change: (items: OutboxItem[]) => OutboxItem[]) => {
    if (!ids.length) return;
    const { store, done } = db.transaction('outbox', 'readwrite');
    const changing = async () => {
      // A corrupt record is in no index: its own key is all there is to find it by.
      const keys = new Set(await Promise.all(ids.map(async (id) => (await store.index('by-event').getKey(id)) ?? id)));
      for (const key of keys) {
        const record = await store.get(key);
        const items = record ? change(itemsOf(record)) : [];
        await (items.length ? store.put(outboxRecord(items, key)) : store.delete(key));
      }
    };
    await Promise.all([changing(), done]);
  };
  return {
    async put(items) {
      const { store, done } = db.transaction('outbox', 'readwrite');
      const priorities = [...new Set(items.map((item) => item.priority))];
      await Promise.all([...priorities.map((priority) => store.put(outboxRecord(items.filter((item) => item.priority === priority)))), done]);
    },
    update(items) {
      const changed = new Map(items.map((item) => [item.id, item]));
      return rewrite([...changed.keys()], (stored) => stored.map((item) => changed.get(item.id) ?? item));
    },
    peek: async (limit) => (await collect(await db.transaction('outbox').store.openCursor(), limit)).sort(idOrder).slice(0, limit),
    remove(ids) {
      const gone = new Set(ids);
      return rewrite(ids, (stored) => stored.filter((item) => !gone.has(item?.id)));
    },
    count: () => db.countFromIndex('outbox', 'by-event'),
    lowest: async (limit) => (await collect(await db.transaction('outbox').store.index('by-priority').openCursor(), limit)).sort(dropOrder).slice(0, limit),
  };
}

/** A record's items; a corrupt record is handed on as one (invalid) item, so the outbox counts and removes it. */
function itemsOf(record: OutboxRecord): OutboxItem[] {
  return Array.isArray(record.items) ? record.items : [record as unknown as OutboxItem];
}

/** Reads records from `cursor` on until they hold at least `limit` items. */
async function collect(cursor: { value: OutboxRecord; continue(): Promise<typeof cursor | null> } | null, limit: number): Promise<OutboxItem[]> {
  const items: OutboxItem[] = [];
  for (; cursor && items.length < limit; cursor = await cursor.continue()) items.push(...itemsOf(cursor.value));
  return items;
}

/** The outbox in memory, where IndexedDB is unavailable: survives nothing, loses nothing while the page lives. */
export function memoryStore(): OutboxStore {
  const items = new Map<string, OutboxItem>();
  const sorted = () => [...items.values()].sort(idOrder);
  const put = async (list: readonly OutboxItem[]) => {
    for (const item of list) items.set(item.id, item);
  };
  return {
    put,
    update: put,
    peek: async (limit) => sorted().slice(0, limit),
    async remove(ids) {
      for (const id of ids) items.delete(id);
    },
    count: async () => items.size,
    lowest: async (limit) => [...items.values()].sort(dropOrder).slice(0, limit),
  };
}
