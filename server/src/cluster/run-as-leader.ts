import type { SqlDatabase } from '../storage/sql-database.ts';

/**
 * Runs `work` for job `name` at most once per `minGapMs` across every API process on the database. On
 * PostgreSQL the run holds a transaction-level advisory lock (`pg_try_advisory_xact_lock`), so of several
 * replicas ticking at once one runs and the others skip; the last run's time in `job_runs` stops the next
 * replica from running it again within the gap. SQLite serves one process, which is always the leader.
 * Returns whether this process ran it.
 */
export async function runAsLeader(
  db: SqlDatabase,
  name: string,
  instance: string,
  now: number,
  minGapMs: number,
  work: () => Promise<void>,
): Promise<boolean> {
  if (db.dialect === 'sqlite') {
    if (!(await due(db, name, now, minGapMs))) return false;
    await markRun(db, name, instance, now);
    await work();
    return true;
  }
  return db.transaction(async (tx) => {
    const lock = await tx.get<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock(?) AS locked', [lockKey(name)]);
    if (!lock?.locked || !(await due(tx, name, now, minGapMs))) return false;
    // The work runs on other pool connections while this transaction holds the lock; the lock ends at commit.
    await work();
    await markRun(tx, name, instance, now);
    return true;
  });
}

async function due(db: SqlDatabase, name: string, now: number, minGapMs: number): Promise<boolean> {
  const row = await db.get<{ last_run_at: number }>('SELECT last_run_at FROM job_runs WHERE name = ?', [name]);
  return !row || now - Number(row.last_run_at) >= minGapMs;
}

async function markRun(db: SqlDatabase, name: string, instance: string, now: number): Promise<void> {
  await db.run(
    'INSERT INTO job_runs (name, last_run_at, instance) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at, instance = excluded.instance',
    [name, now, instance],
  );
}

/** A stable 31-bit advisory-lock key per job name (FNV-1a), offset from the migration lock's. */
function lockKey(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of `crm-insights:${name}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash & 0x7fffffff;
}
