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
 * `events_replay_by_time` back from the newest chunk, one step per session found, and summarises just those sessions
 * through `events_replay_chunks`. It reads the chunks stored since the last session it lists, however old the rest.
 */
export async function listReplaySessions(db: SqlDatabase, limit: number): Promise<ReplaySessionSummary[]> {
  const summaries: ReplaySessionSummary[] = [];
  for (const { sessionId, lastAt } of await latestSessions(db, limit)) {
    // One session at a time: with many ids in an `IN` list SQLite's planner leaves the session index for a scan of
    // every replay chunk.
    const row = await db.get<{ first_at: number | null; chunks: number }>(
      "SELECT MIN(corrected_ts) AS first_at, COUNT(*) AS chunks FROM events WHERE type = 'replay' AND session_id = ?",
      [sessionId],
    );
    // Gone between the two reads (retention): the rest of the list still holds.
    if (row?.first_at == null) continue;
    summaries.push({ sessionId, firstAt: Number(row.first_at), lastAt, chunks: Number(row.chunks) });
  }
  return summaries;
}

/**
 * Up to `limit` sessions with the time of their newest replay chunk, newest first: each step takes the newest chunk
 * no later than the last one found whose session is not yet listed, which is the next session's newest chunk.
 */
async function latestSessions(db: SqlDatabase, limit: number): Promise<{ sessionId: string; lastAt: number }[]> {
  // Without statistics SQLite's planner prefers `events_by_type`'s equality on `type` and sorts every replay chunk
  // (seconds at a million); naming the index keeps the walk on it (https://www.sqlite.org/lang_indexedby.html).
  const events = db.dialect === 'sqlite' ? 'events INDEXED BY events_replay_by_time' : 'events';
  const found: { sessionId: string; lastAt: number }[] = [];
  while (found.length < limit) {
    const seen = found.map((session) => session.sessionId);
    const before = found.length ? `AND corrected_ts <= ? AND session_id NOT IN (${placeholders(seen)})` : '';
    const row = await db.get<{ session_id: string; last_at: number }>(
      `SELECT session_id, corrected_ts AS last_at FROM ${events} WHERE type = 'replay' ${before}
       ORDER BY corrected_ts DESC, session_id LIMIT 1`,
      found.length ? [found.at(-1)!.lastAt, ...seen] : [],
    );
    if (!row) break;
    found.push({ sessionId: row.session_id, lastAt: Number(row.last_at) });
  }
  return found;
}

const placeholders = (values: readonly unknown[]) => values.map(() => '?').join(', ');
