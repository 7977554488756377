import type { Storage } from '../storage/types.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';

/** A self-load-test run as the API shows it: progress while it runs, its result (or why it failed) after. */
export interface LoadTestRun {
  id: string;
  instance: string;
  startedAt: number;
  finishedAt?: number;
  status: 'running' | 'done' | 'failed';
  progress: { sent: number; of: number; ok?: number; rateLimited?: number; failed?: number };
  result?: Record<string, unknown>;
  error?: string;
}

interface Row {
  id: string;
  instance: string;
  started_at: number;
  finished_at: number | null;
  status: LoadTestRun['status'];
  progress: string;
  result: string | null;
}

/** The `load_test_runs` table (every replica reads it, so any of them can answer the dashboard's polls). */
export function createLoadTestRuns(db: SqlDatabase) {
  return {
    /** Records a run that has just started. */
    async insert(run: Pick<LoadTestRun, 'id' | 'instance' | 'startedAt' | 'progress'>): Promise<void> {
      await db.run(
        "INSERT INTO load_test_runs (id, instance, started_at, finished_at, status, progress, result) VALUES (?, ?, ?, NULL, 'running', ?, NULL)",
        [run.id, run.instance, run.startedAt, JSON.stringify(run.progress)],
      );
    },
    /** Stores how far a running run has got. */
    async progress(id: string, progress: LoadTestRun['progress']): Promise<void> {
      await db.run("UPDATE load_test_runs SET progress = ? WHERE id = ? AND status = 'running'", [
        JSON.stringify(progress),
        id,
      ]);
    },
    /** Marks a run done with its result, or failed with the reason (kept in `result.error`). */
    async finish(
      id: string,
      at: number,
      outcome: { progress: LoadTestRun['progress']; result: Record<string, unknown> } | { error: string },
    ): Promise<void> {
      const done = 'result' in outcome;
      await db.run(
        'UPDATE load_test_runs SET status = ?, finished_at = ?, progress = COALESCE(?, progress), result = ? WHERE id = ?',
        [
          done ? 'done' : 'failed',
          at,
          done ? JSON.stringify(outcome.progress) : null,
          JSON.stringify(done ? outcome.result : { error: outcome.error }),
          id,
        ],
      );
    },
    /** The newest runs first. */
    async list(limit: number): Promise<LoadTestRun[]> {
      return (await db.all<Row>('SELECT * FROM load_test_runs ORDER BY started_at DESC LIMIT ?', [limit])).map(toRun);
    },
    /** One run, if it exists. */
    async get(id: string): Promise<LoadTestRun | undefined> {
      const row = await db.get<Row>('SELECT * FROM load_test_runs WHERE id = ?', [id]);
      return row ? toRun(row) : undefined;
    },
  };
}

function toRun(row: Row): LoadTestRun {
  const result = row.result ? (JSON.parse(row.result) as Record<string, unknown>) : undefined;
  const failed = row.status === 'failed';
  return {
    id: row.id,
    instance: row.instance,
    startedAt: Number(row.started_at),
    ...(row.finished_at === null ? {} : { finishedAt: Number(row.finished_at) }),
    status: row.status,
    progress: JSON.parse(row.progress) as LoadTestRun['progress'],
    ...(result && !failed ? { result } : {}),
    ...(failed ? { error: String(result?.error ?? 'the load test stopped before it finished') } : {}),
  };
}

/**
 * Deletes a load test's events. On SQLite they are usually the newest rows, and SQLite hands the next row
 * max(rowid) + 1, so their rowids come round again: the analytics projection is rewound to the newest rowid left
 * while the delete still holds the write lock, before any new row can take one of them. On PostgreSQL the ids
 * in `event_ids` (the dedup guard, see docs/operations.md) go with them.
 */
export async function deleteLoadTestEvents(storage: Storage, sessionIds: string[]): Promise<{ changes: number }> {
  const marks = sessionIds.map(() => '?').join(', ');
  return storage.db.transaction(async (tx) => {
    if (tx.dialect === 'postgres')
      await tx.run(
        `DELETE FROM event_ids WHERE id IN (SELECT id FROM events WHERE session_id IN (${marks}))`,
        sessionIds,
      );
    const deleted = await tx.run(`DELETE FROM events WHERE session_id IN (${marks})`, sessionIds);
    if (tx.dialect === 'sqlite')
      await storage.analytics.rewind(
        (await tx.get<{ seq: number | null }>('SELECT max(rowid) AS seq FROM events'))?.seq ?? 0,
      );
    return deleted;
  });
}
