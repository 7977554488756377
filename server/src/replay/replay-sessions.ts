import type { SqlDatabase } from '../storage/sql-database.ts';

/** A session that has replay chunks stored. */
export interface ReplaySessionSummary {
  sessionId: string;
  firstAt: number;
  lastAt: number;
  chunks: number;
}

/**
 * The `limit` sessions whose newest replay chunk is newest (ties by session id), summarised. Grouping every stored
 * chunk by session cost seconds of a synchronous SQLite read at a million chunks; instead this walks the index
 * `events_replay_by_time` back from the newest chunk until it has found `limit` sessions, and summarises just those
 * through `events_replay_chunks`. It reads the chunks stored since the last session it lists, however old the rest.
 */
export async function listReplaySessions(db: SqlDatabase, limit: number): Promise<ReplaySessionSummary[]> {
  const latest = await latestSessions(db, limit);
  if (!latest.length) return [];
  // A subquery per session, each a range of the session index: with the ids in one `IN` list SQLite's planner
  // leaves that index for a scan of every replay chunk, and for `MIN` alone it takes `events_by_session`, which
  // holds the session's other events too.
  const ofSession = `FROM ${indexed(db, 'events_replay_chunks')} WHERE type = 'replay' AND events.session_id = listed.session_id`;
  const rows = await db.all<{ session_id: string; first_at: number | null; chunks: number }>(
    `WITH listed (session_id) AS (VALUES ${latest.map(() => '(?)').join(', ')})
     SELECT session_id, (SELECT MIN(corrected_ts) ${ofSession}) AS first_at, (SELECT COUNT(*) ${ofSession}) AS chunks
     FROM listed`,
    latest.map((session) => session.sessionId),
  );
  const summaries = new Map(rows.map((row) => [row.session_id, row]));
  return latest.flatMap(({ sessionId, lastAt }) => {
    const summary = summaries.get(sessionId);
    // Gone between the two reads (retention): the rest of the list still holds.
    if (summary?.first_at == null) return [];
    return [{ sessionId, firstAt: Number(summary.first_at), lastAt, chunks: Number(summary.chunks) }];
  });
}

/**
 * Up to `limit` sessions with the time of their newest replay chunk, newest first. Each step reads, newest first
 * from where the last one stopped, as many chunks of sessions not yet found as sessions are still wanted; the first
 * chunk read of a session is its newest, and each step finds at least one.
 */
async function latestSessions(db: SqlDatabase, limit: number): Promise<{ sessionId: string; lastAt: number }[]> {
  // Without statistics SQLite's planner prefers `events_by_type`'s equality on `type` and sorts every replay chunk.
  const events = indexed(db, 'events_replay_by_time');
  const found = new Map<string, number>();
  let stoppedAt: number | undefined;
  while (found.size < limit) {
    const seen = [...found.keys()];
    const after = stoppedAt === undefined ? '' : `AND corrected_ts <= ? AND session_id NOT IN (${placeholders(seen)})`;
    const rows = await db.all<{ session_id: string; at: number }>(
      `SELECT session_id, corrected_ts AS at FROM ${events} WHERE type = 'replay' ${after}
       ORDER BY corrected_ts DESC, session_id LIMIT ?`,
      [...(stoppedAt === undefined ? [] : [stoppedAt, ...seen]), limit - found.size],
    );
    for (const row of rows) if (!found.has(row.session_id)) found.set(row.session_id, Number(row.at));
    if (rows.length < limit - seen.length) break;
    stoppedAt = Number(rows.at(-1)!.at);
  }
  return [...found].map(([sessionId, lastAt]) => ({ sessionId, lastAt }));
}

/**
 * `events`, read through `index` on SQLite, whose planner has no statistics to choose by unless `ANALYZE` ran
 * (https://www.sqlite.org/lang_indexedby.html); PostgreSQL's planner has them.
 */
const indexed = (db: SqlDatabase, index: string) => (db.dialect === 'sqlite' ? `events INDEXED BY ${index}` : 'events');

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');
