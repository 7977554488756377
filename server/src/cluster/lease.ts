import type { SqlDatabase } from '../storage/sql-database.ts';

/**
 * Takes the named lease for `instance` until `now + ttlMs` if nobody holds it (or the holder's lease lapsed): one
 * atomic upsert in `job_runs` (the `last_run_at` column holds the expiry), so of several replicas asking at once
 * exactly one gets it. Returns whether this instance holds it now.
 */
export async function acquireLease(
  db: SqlDatabase,
  name: string,
  instance: string,
  now: number,
  ttlMs: number,
): Promise<boolean> {
  const rows = await db.all<{ instance: string }>(
    `INSERT INTO job_runs (name, last_run_at, instance) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, instance = excluded.instance WHERE job_runs.last_run_at < ?
     RETURNING instance`,
    [`lease:${name}`, now + ttlMs, instance, now],
  );
  return rows.length === 1 && rows[0]!.instance === instance;
}

/** Gives the lease back early (only if this instance still holds it). */
export async function releaseLease(db: SqlDatabase, name: string, instance: string): Promise<void> {
  await db.run('UPDATE job_runs SET last_run_at = 0 WHERE name = ? AND instance = ?', [`lease:${name}`, instance]);
}
