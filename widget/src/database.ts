import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';
import type { InsightEvent } from '../../shared/protocol.ts';

/** An event waiting in the outbox, with what the sender needs to batch and order it. */
export interface OutboxItem {
  id: string;
  event: InsightEvent;
  /** Serialized size, so batches stay under byte limits without re-serializing. */
  bytes: number;
  /** Higher survives longer when the outbox is full (analytics 0 < errors, feedback, bug reports). */
  priority: number;
  createdAt: number;
  /** Send attempts so far; the next send stamps `attempt: attempts + 1` on the event. */
  attempts?: number;
}

/**
 * The items of one priority written together. IndexedDB pays for every record it writes (about 0.1 ms each in
 * Chromium), so a burst goes into one record, not one per event. `id` is the first item's id, and stays the key
 * while the record's items leave; `ids` indexes every item, so `by-event` finds an item's record and counts items.
 */
export interface OutboxRecord {
  id: string;
  priority: number;
  ids: string[];
  items: OutboxItem[];
}

/** The widget's one IndexedDB schema; every store is declared here and nowhere else. */
export interface InsightsSchema extends DBSchema {
  outbox: { key: string; value: OutboxRecord; indexes: { 'by-priority': [number, string]; 'by-event': string } };
}

/** A record holding `items` (all of one priority), under `key` or else under the first item's id. */
export function outboxRecord(items: OutboxItem[], key = items[0]!.id): OutboxRecord {
  return { id: key, priority: items[0]!.priority, ids: items.map((item) => item.id), items };
}

/** What the database tells its user about other tabs and the browser (see idb's `openDB` callbacks). */
export interface DatabaseEvents {
  /** Another tab holds an older version open and has not closed it yet: our upgrade waits. */
  blocked?(): void;
  /** Another tab wants to upgrade: close so it can, then reopen. */
  blocking?(): void;
  /** The browser closed the connection under us (storage cleared, disk error). */
  terminated?(): void;
}

export const DATABASE_NAME = 'crm-insights';
const DATABASE_VERSION = 3;

/** Opens (and upgrades) the widget's database. Rejects when IndexedDB is missing or refuses to open. */
export function openDatabase(events: DatabaseEvents = {}): Promise<IDBPDatabase<InsightsSchema>> {
  try {
    if (typeof indexedDB === 'undefined' || !indexedDB) return Promise.reject(new Error('IndexedDB is not available'));
  } catch (error) {
    // Some privacy modes throw on merely reading `indexedDB`.
    return Promise.reject(error);
  }
  return openDB<InsightsSchema>(DATABASE_NAME, DATABASE_VERSION, {
    // Additive only: every step creates what is missing and never drops a store another feature still reads.
    async upgrade(db, oldVersion, _newVersion, transaction) {
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'id' });
      const outbox = transaction.objectStore('outbox');
      if (oldVersion < 2 && !outbox.indexNames.contains('by-priority')) outbox.createIndex('by-priority', ['priority', 'id']);
      if (oldVersion < 3) {
        outbox.createIndex('by-event', 'ids', { multiEntry: true });
        // Up to version 2 a record was one item: each becomes a record of one (a tab still on version 2 is told to
        // close by the upgrade, so it never reads this shape). A corrupt one is then counted and removed as any is.
        for (let cursor = await outbox.openCursor(); cursor; cursor = await cursor.continue()) await cursor.update(outboxRecord([cursor.value as unknown as OutboxItem]));
      }
    },
    blocked: () => events.blocked?.(),
    blocking: () => events.blocking?.(),
    terminated: () => events.terminated?.(),
  });
}
