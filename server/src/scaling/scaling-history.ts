import type { SqlDatabase } from '../storage/sql-database.ts';

/** One recorded decision. */
export interface ScalingDecision {
  id: string;
  policy: string;
  at: number;
  from: number;
  to: number;
  reason: string;
}

/** The latest decision recorded for `policy`, if any. */
export function lastDecision(db: SqlDatabase, policy: string) {
  return db.get<{ at: number; to_replicas: number }>(
    'SELECT at, to_replicas FROM scaling_decisions WHERE policy = ? ORDER BY at DESC LIMIT 1',
    [policy],
  );
}

/** Records `decision` in `scaling_decisions`. */
export async function recordDecision(db: SqlDatabase, decision: ScalingDecision): Promise<void> {
  await db.run(
    'INSERT INTO scaling_decisions (id, policy, at, from_replicas, to_replicas, reason) VALUES (?, ?, ?, ?, ?, ?)',
    [decision.id, decision.policy, decision.at, decision.from, decision.to, decision.reason],
  );
}

/** The latest `limit` decisions of every policy, newest first. */
export async function recentDecisions(db: SqlDatabase, limit: number): Promise<ScalingDecision[]> {
  const rows = await db.all<{
    id: string;
    policy: string;
    at: number;
    from_replicas: number;
    to_replicas: number;
    reason: string;
  }>('SELECT * FROM scaling_decisions ORDER BY at DESC, id DESC LIMIT ?', [limit]);
  return rows.map((row) => ({
    id: row.id,
    policy: row.policy,
    at: Number(row.at),
    from: Number(row.from_replicas),
    to: Number(row.to_replicas),
    reason: row.reason,
  }));
}
