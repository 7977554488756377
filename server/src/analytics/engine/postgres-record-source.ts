import pg from 'pg';
import { RECORD_BARRIER_LOCK } from '../../storage/record-barrier.ts';

/** One stored event as the projection reads it: its position in the record and its JSON body. */
interface RecordRow {
  seq: number;
  body: string;
}

/** The system of record, read forward from a watermark (the design's `RecordSource`). */
export interface RecordSource {
  readAfter(seq: number, limit: number): Promise<RecordRow[]>;
  close(): Promise<void>;
}

/**
 * The PostgreSQL record (`events`, partitioned by month) read in `seq` order. Rows are returned only up to a
 * commit-safe barrier (see `storage/record-barrier.ts`), so a transaction that commits a lower seq after a
 * higher one is never skipped: it is either below a barrier taken after it committed, or it held the barrier
 * lock shared and the reader waited for it. The barrier is taken again only once the rows below the last one
 * are read, so a catch-up over millions of rows locks once per batch of `limit` at most, and a reader that is
 * current locks once per poll. `searchPath` selects the schema (tests and benches use a schema each).
 */
export function openPostgresRecordSource(url: string, searchPath?: string): RecordSource {
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    options: searchPath ? `-c search_path=${searchPath}` : undefined,
  });
  pool.on('error', (error) => console.error('[crm-insights] record source connection error', error.message));
  let barrier = 0;

  // One round trip: a query of several statements runs them as one implicit transaction, so the lock taken by
  // the first is held while the second reads the sequence and released when the query ends; fewer round trips
  // while it holds the lock means inserts wait behind it for less time
  // (https://www.postgresql.org/docs/15/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT).
  const barrierQuery = `SELECT pg_advisory_xact_lock(${RECORD_BARRIER_LOCK}, hashtext(current_schema()));
    SELECT last_value, is_called FROM events_seq`;
  const takeBarrier = async (): Promise<number> => {
    // The sequence, not max(seq): a value handed out and rolled back leaves a gap, never a row to wait for.
    const results = (await pool.query(barrierQuery)) as unknown as pg.QueryResult<{
      last_value: string;
      is_called: boolean;
    }>[];
    const row = results[1]!.rows[0]!;
    return row.is_called ? Number(row.last_value) : 0;
  };

  return {
    async readAfter(seq, limit) {
      if (!(Number.isSafeInteger(seq) && seq >= 0))
        throw new RangeError(`seq must be a whole number, 0 or more; got ${seq}`);
      if (!(Number.isSafeInteger(limit) && limit > 0))
        throw new RangeError(`limit must be a whole number above 0; got ${limit}`);
      if (seq >= barrier) barrier = await takeBarrier();
      if (seq >= barrier) return [];
      const { rows } = await pool.query<{ seq: string; body: string }>(
        'SELECT seq, body FROM events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3',
        [seq, barrier, limit],
      );
      return rows.map((row) => ({ seq: Number(row.seq), body: row.body }));
    },
    close: () => pool.end(),
  };
}
