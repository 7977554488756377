import { openProjection } from './server/src/analytics/projection/open-projection.ts';
import { duckDbAnalytics } from './server/src/analytics/queries/analytics-db.ts';
import type { AnalyticsDb } from './server/src/analytics/queries/analytics-db.ts';
import { ANALYTICS_QUERIES } from './server/src/analytics/queries/index.ts';
import { projectionReads } from './tests/bench/projection-reads.ts';
const [file, only] = process.argv.slice(2);
const { connection } = await openProjection(file!);
const db = duckDbAnalytics(connection);
await connection.run("PRAGMA enable_profiling = 'query_tree_optimizer'");
for (const [label, name, params] of projectionReads(Date.UTC(2026, 9, 5), 28)) {
  if (only && !label.startsWith(only)) continue;
  const spy: AnalyticsDb = { async all(sql, values) {
    const started = performance.now();
    const rows = await db.all(`EXPLAIN ANALYZE ${sql}`, values);
    console.log(`--- ${label} ${(performance.now() - started).toFixed(0)} ms`);
    console.log(String((rows[0] as Record<string, unknown>).explain_value));
    return db.all(sql, values);
  } };
  await (ANALYTICS_QUERIES[name] as (db: unknown, params: unknown) => Promise<unknown>)(spy, params);
}
