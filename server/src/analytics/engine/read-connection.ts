import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { AnalyticsDb } from '../queries/analytics-db.ts';
import { duckDbAnalytics } from '../queries/analytics-db.ts';

/** A read under way: the connection it took, if it has run a query yet, and whether it has been stopped. */
export interface RunningRead {
  connection?: DuckDBConnection;
  cancelled: boolean;
}

/**
 * What `entry`'s read queries through: a connection taken from `idle` (else from `instance`) at its first query,
 * and no query once the read has been stopped.
 */
export function createReadConnection(
  entry: RunningRead,
  idle: DuckDBConnection[],
  instance: DuckDBInstance,
): AnalyticsDb {
  // Taken at the first query, so a read that runs none (the kept overview) never waits for `connect`, which
  // queues on libuv's thread pool behind running DuckDB work: 2.5 s behind 4 long queries at 10 M events.
  let db: Promise<AnalyticsDb> | undefined;
  const connected = () =>
    (db ??= (async () => {
      entry.connection = idle.pop() ?? (await instance.connect());
      return duckDbAnalytics(entry.connection);
    })());
  // A read that runs several queries must not start the next one once it has been stopped.
  return {
    all: async (sql, values) => {
      const on = entry.cancelled ? undefined : await connected();
      if (!on || entry.cancelled) throw new Error('interrupted');
      return on.all(sql, values);
    },
  };
}
