import type { SqlDatabase } from '../storage/sql-database.ts';

/**
 * Runs `work` for job `name` at most once per `minGapMs` across every API process on the database. The run is
 * recorded before the work starts, by one atomic upsert in `job_runs` that succeeds only if the last run is at
 * least `minGapMs` old, so of several replicas ticking at once one runs and the others skip. Nothing is held open
 * while the work runs: a transaction (with an advisory lock) left idle for the whole work is ended by PostgreSQL's
 * `idle_in_transaction_session_timeout`, its run goes unrecorded and the next replica runs it again. So a run whose
 * work fails is not retried within the gap, and work longer than the gap may overlap the next run. Returns whether
 * this process ran it.
 */
export async function runAsLeader(
  db: SqlDatabase,
  name: string,
  instance: string,
  now: number,
  minGapMs: number,
  work: () => Promise<void>,
): Promise<boolean> {
  if (!(await recordRunIfDue(db, name, instance, now, minGapMs))) return false;
  await work();
  return true;
}

/** Records a run of `name` by `instance` at `now` unless the last one is less than `minGapMs` old; whether it did. */
async function recordRunIfDue(
  db: SqlDatabase,
  name: string,
  instance: string,
  now: number,
  minGapMs: number,
): Promise<boolean> {
  // On PostgreSQL a second upsert of the same row waits for the first and then sees its time, so it skips.
  const rows = await db.all<{ instance: string }>(
    `INSERT INTO job_runs (name, last_run_at, instance) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, instance = excluded.instance
       WHERE job_runs.last_run_at <= ?
     RETURNING instance`,
    [name, now, instance, now - minGapMs],
  );
  return rows.length === 1;
}
