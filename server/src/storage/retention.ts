import { ensureEventPartitions, listEventPartitions } from './event-partitions.ts';
import type { SqlDatabase } from './sql-database.ts';

/** What a purge removed. */
export interface PurgeResult {
  cutoff: number;
  events: number;
  /** PostgreSQL: the month partitions dropped whole (their events are counted in `events`). */
  droppedPartitions?: string[];
}

const DAY_MS = 86_400_000;

/**
 * Deletes events older than `retentionDays` before `now`. On PostgreSQL,
 * month partitions that lie wholly before the cutoff are dropped (no row-by-row delete, no bloat), and rows
 * are deleted only in the partition the cutoff falls in and in the default one; the ids of removed events are
 * forgotten with them. Error-group decisions stay: they are tiny, and a group that comes back should still
 * show it was resolved.
 */
export async function purgeExpired(db: SqlDatabase, retentionDays: number, now = Date.now()): Promise<PurgeResult> {
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    throw new RangeError('retentionDays must be a whole number of days, 1 or more');
  const cutoff = now - retentionDays * DAY_MS;
  if (db.dialect !== 'postgres') {
    return db.transaction(async (tx) => ({
      cutoff,
      // Never the newest row: SQLite gives the next row max(rowid) + 1, so deleting the newest would hand its rowid
      // out again, and the analytics projection, which reads the record by rowid, would pass over the new row.
      events: (
        await tx.run('DELETE FROM events WHERE corrected_ts < ? AND rowid < (SELECT max(rowid) FROM events)', [cutoff])
      ).changes,
    }));
  }
  // Rows waiting in the default partition get their month's partition first, so that they too can be dropped whole.
  await ensureEventPartitions(db, now);
  const expired = (await listEventPartitions(db)).filter((partition) => partition.to <= cutoff);
  return db.transaction(async (tx) => {
    let events = 0;
    for (const partition of expired) {
      events += (
        await tx.run(`DELETE FROM event_ids USING ${partition.name} AS expired WHERE event_ids.id = expired.id`)
      ).changes;
      await tx.exec(`DROP TABLE ${partition.name}`);
    }
    events += (
      await tx.run(
        'WITH gone AS (DELETE FROM events WHERE corrected_ts < ? RETURNING id) DELETE FROM event_ids WHERE id IN (SELECT id FROM gone)',
        [cutoff],
      )
    ).changes;
    return {
      cutoff,
      events,
      ...(expired.length ? { droppedPartitions: expired.map((partition) => partition.name) } : {}),
    };
  });
}
