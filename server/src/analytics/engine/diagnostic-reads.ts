import type { AnalyticsDb } from '../queries/analytics-db.ts';

/**
 * Reads that exist only when the engine is made with `diagnostics: true` (tests of its limits), never over HTTP.
 * `diagnostic:busy` keeps a DuckDB connection working through `rows` numbers: a real, interruptible heavy query.
 * `diagnostic:crash` ends the worker thread, as a native crash or an out-of-memory kill of the thread would.
 */
export const DIAGNOSTIC_READS = {
  'diagnostic:crash': async (_db: AnalyticsDb, _params: Record<string, never>): Promise<never> => process.exit(70),
  'diagnostic:busy': async (db: AnalyticsDb, params: { rows: number }) =>
    (
      await db.all<{ matches: number }>(
        'SELECT count(*) AS matches FROM range(CAST(? AS BIGINT)) t(a) WHERE a % 7 = 3',
        [params.rows],
      )
    )[0]?.matches ?? 0,
};
