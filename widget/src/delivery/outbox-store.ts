import type { IDBPDatabase } from 'idb';
import type { InsightsSchema, OutboxItem } from '../database.ts';

/** One place outbox items are kept: IndexedDB or memory. Ordered by id (UUIDv7, so by creation time). */
export interface OutboxStore {
  put(items: readonly OutboxItem[]): Promise<void>;
  /** The oldest items, at most `limit`. */
  peek(limit: number): Promise<OutboxItem[]>;
  remove(ids: readonly string[]): Promise<void>;
  count(): Promise<number>;
  /** The `limit` items to drop first when full: lowest priority, oldest first. */
  lowest(limit: number): Promise<OutboxItem[]>;
}

/** Lowest priority first, then oldest first: the order in which a full outbox drops items. */
export function dropOrder(a: OutboxItem, b: OutboxItem): number {
  return a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
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
  return {
    async put(items) {
      const transaction = db.transaction('outbox', 'readwrite');
      await Promise.all([...items.map((item) => transaction.store.put(item)), transaction.done]);
    },
    peek: (limit) => db.getAll('outbox', undefined, limit),
    async remove(ids) {
      if (!ids.length) return;
      const transaction = db.transaction('outbox', 'readwrite');
      await Promise.all([...ids.map((id) => transaction.store.delete(id)), transaction.done]);
    },
    count: () => db.count('outbox'),
    lowest: (limit) => db.getAllFromIndex('outbox', 'by-priority', undefined, limit),
  };
}

/** The outbox in memory, where IndexedDB is unavailable: survives nothing, loses nothing while the page lives. */
export function memoryStore(): OutboxStore {
  const items = new Map<string, OutboxItem>();
  const sorted = () => [...items.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return {
    async put(list) {
      for (const item of list) items.set(item.id, item);
    },
    peek: async (limit) => sorted().slice(0, limit),
    async remove(ids) {
      for (const id of ids) items.delete(id);
    },
    count: async () => items.size,
    lowest: async (limit) => [...items.values()].sort(dropOrder).slice(0, limit),
  };
}
