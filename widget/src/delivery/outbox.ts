import type { IDBPDatabase } from 'idb';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { openDatabase } from '../database.ts';
import type { InsightsSchema, OutboxItem } from '../database.ts';

/** Durable store of events not yet acknowledged by the server. Items leave only through `remove`. */
export interface Outbox {
  readonly kind: 'indexeddb' | 'memory';
  add(event: InsightEvent, priority?: number): Promise<void>;
  /** The oldest items, at most `limit` (UUIDv7 ids sort by creation time). */
  peek(limit: number): Promise<OutboxItem[]>;
  remove(ids: readonly string[]): Promise<void>;
  count(): Promise<number>;
}

/** Opens the IndexedDB outbox, or a memory one if IndexedDB cannot be opened. */
export async function openOutbox(): Promise<Outbox> {
  try {
    return indexedDbOutbox(await openDatabase());
  } catch {
    return memoryOutbox();
  }
}

function toItem(event: InsightEvent, priority: number): OutboxItem {
  return { id: event.id, event, bytes: JSON.stringify(event).length, priority, createdAt: Date.now() };
}

/** The outbox on IndexedDB: survives reloads and crashes. */
export function indexedDbOutbox(db: IDBPDatabase<InsightsSchema>): Outbox {
  return {
    kind: 'indexeddb',
    async add(event, priority = 0) {
      await db.put('outbox', toItem(event, priority));
    },
    async peek(limit) {
      return db.getAll('outbox', undefined, limit);
    },
    async remove(ids) {
      const transaction = db.transaction('outbox', 'readwrite');
      await Promise.all([...ids.map((id) => transaction.store.delete(id)), transaction.done]);
    },
    count: () => db.count('outbox'),
  };
}

/** The outbox in memory, for pages where IndexedDB is unavailable: survives nothing, loses nothing while open. */
export function memoryOutbox(): Outbox {
  const items = new Map<string, OutboxItem>();
  return {
    kind: 'memory',
    async add(event, priority = 0) {
      items.set(event.id, toItem(event, priority));
    },
    async peek(limit) {
      return [...items.values()].sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, limit);
    },
    async remove(ids) {
      for (const id of ids) items.delete(id);
    },
    count: async () => items.size,
  };
}
