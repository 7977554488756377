import type { Storage } from '../storage/types.ts';

/**
 * Events in the record, counted off the event loop: the analytics worker adds the projection's rows (DuckDB keeps
 * the count) and the record rows it has yet to take in (a range count after its watermark). A `COUNT(*)` of the
 * record on the main thread read the whole table, seconds at 10 million rows with better-sqlite3 blocking the loop.
 * An in-memory record, which no worker can open, is small by nature and counted directly.
 */
export async function storedEventCount(storage: Pick<Storage, 'db' | 'analytics'>): Promise<number> {
  if (!storage.db.location) {
    const counted = await storage.db.get<{ events: number }>('SELECT COUNT(*) AS events FROM events');
    return Number(counted?.events ?? 0);
  }
  const status = await storage.analytics.status();
  return status.rows + (status.lagEvents ?? 0);
}
