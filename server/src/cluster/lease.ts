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

/**
 * Extends the named lease to `now + ttlMs` if `instance` still holds it (a lapsed lease nobody else took counts);
 * false when another instance took it over or it was given back, so the holder stops the work it guards.
 */
export async function renewLease(
  db: SqlDatabase,
  name: string,
  instance: string,
  now: number,
  ttlMs: number,
): Promise<boolean> {
  const { changes } = await db.run('UPDATE job_runs SET last_run_at = ? WHERE name = ? AND instance = ?', [
    now + ttlMs,
    `lease:${name}`,
    instance,
  ]);
  return changes === 1;
}

/**
 * Gives the lease back early (only if this instance still holds it). The row goes with it, so short-lived leases
 * (one per webhook delivery) leave nothing behind.
 */
export async function releaseLease(db: SqlDatabase, name: string, instance: string): Promise<void> {
  await db.run('DELETE FROM job_runs WHERE name = ? AND instance = ?', [`lease:${name}`, instance]);
}
