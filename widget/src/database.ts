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
}

/** The widget's one IndexedDB schema; every store is declared here and nowhere else. */
export interface InsightsSchema extends DBSchema {
  outbox: { key: string; value: OutboxItem };
}

export const DATABASE_NAME = 'crm-insights';
const DATABASE_VERSION = 1;

/** Opens (and upgrades) the widget's database. Rejects when IndexedDB is missing or refuses to open. */
export function openDatabase(): Promise<IDBPDatabase<InsightsSchema>> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new Error('IndexedDB is not available'));
  return openDB<InsightsSchema>(DATABASE_NAME, DATABASE_VERSION, {
    upgrade(db) {
      if (!db.objectStoreNames.contains('outbox')) db.createObjectStore('outbox', { keyPath: 'id' });
    },
  });
}
