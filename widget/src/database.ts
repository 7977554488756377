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

/** The widget's one IndexedDB schema; every store is declared here and nowhere else. */
export interface InsightsSchema extends DBSchema {
  outbox: { key: string; value: OutboxItem; indexes: { 'by-priority': [number, string] } };
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
const DATABASE_VERSION = 2;

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
    upgrade(db, oldVersion, _newVersion, transaction) {
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'id' });
      if (oldVersion < 2) {
        const outbox = transaction.objectStore('outbox');
        if (!outbox.indexNames.contains('by-priority')) outbox.createIndex('by-priority', ['priority', 'id']);
      }
    },
    blocked: () => events.blocked?.(),
    blocking: () => events.blocking?.(),
    terminated: () => events.terminated?.(),
  });
}
