import type { SqlDatabase } from './sql-database.ts';

/** What a purge removed. */
export interface PurgeResult {
  cutoff: number;
  events: number;
  vitals: number;
}

const DAY_MS = 86_400_000;

/**
 * Deletes events (and the vitals derived from them) older than `retentionDays` before `now`. Error-group
 * decisions stay: they are tiny, and a group that comes back should still show it was resolved.
 */
export async function purgeExpired(db: SqlDatabase, retentionDays: number, now = Date.now()): Promise<PurgeResult> {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new RangeError('retentionDays must be a whole number of days, 1 or more');
  const cutoff = now - retentionDays * DAY_MS;
  return db.transaction(async (tx) => ({
    cutoff,
    events: (await tx.run('DELETE FROM events WHERE corrected_ts < ?', [cutoff])).changes,
    vitals: (await tx.run('DELETE FROM vitals WHERE ts < ?', [cutoff])).changes,
  }));
}
