import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { appendRows } from '../../server/src/analytics/projection/append-rows.ts';
import { toEventRow } from '../../server/src/analytics/projection/event-row.ts';
import { openProjection } from '../../server/src/analytics/projection/open-projection.ts';
import { updateRollups } from '../../server/src/analytics/projection/update-rollups.ts';
import { duckDbAnalytics } from '../../server/src/analytics/queries/analytics-db.ts';
import { ANALYTICS_QUERIES } from '../../server/src/analytics/queries/index.ts';
import { crmTraffic } from './projection-data.ts';
import { projectionReads } from './projection-reads.ts';

// `node tests/bench/projection-bench.mjs [events] [file]`: fills a DuckDB projection with synthetic CRM traffic
// through toEventRow + appendRows + updateRollups (skipped when the file exists), then times every read
// (RUNS=n calls each, ONLY=<label prefix> for some), printing wall and CPU time and the load average.
const count = Number(process.argv[2] ?? 1_000_000);
const file = process.argv[3] ?? `/tmp/projection-${count}.duckdb`;
const runs = Number(process.env.RUNS ?? 5);
const fresh = !existsSync(file);
const { instance, connection } = await openProjection(file);
if (fresh) {
  const started = performance.now();
  let seq = 0;
  let rollupMs = 0;
  for (const batch of crmTraffic(count)) {
    await connection.run('BEGIN TRANSACTION');
    await appendRows(
      connection,
      batch.map((event) => toEventRow(event, ++seq)),
    );
    const rollupStart = performance.now();
    await updateRollups(connection, seq - batch.length, seq);
    rollupMs += performance.now() - rollupStart;
    await connection.run('COMMIT');
    if (seq % 1_000_000 === 0) console.log(`${seq} rows, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  await connection.run('CHECKPOINT');
  console.log(
    `loaded ${count} rows in ${((performance.now() - started) / 1000).toFixed(1)} s (rollups ${(rollupMs / 1000).toFixed(1)} s)`,
  );
}
const db = duckDbAnalytics(connection);
const [state] = await db.all<{ rows: number; seq: number; rolled: number }>(
  'SELECT count(*) AS rows, max(seq) AS seq, (SELECT count(*) FROM rollup_events_hourly) AS rolled FROM events',
);
if (!state!.rolled) {
  // A projection made some other way (e.g. copied in SQL) gets its rollups in one pass.
  const started = performance.now();
  await updateRollups(connection, 0, state!.seq);
  console.log(`rollups over ${state!.rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
console.log(
  `load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
for (const [label, name, params] of projectionReads(Date.UTC(2026, 9, 5), 28)) {
  if (process.env.ONLY && !label.startsWith(process.env.ONLY)) continue;
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let size = 0;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const answer = await (ANALYTICS_QUERIES[name] as (db: unknown, params: unknown) => Promise<unknown>)(db, params);
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
    size = JSON.stringify(answer).length;
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  const p50 = (list: number[]) => list[Math.floor(list.length / 2)]!.toFixed(0).padStart(6);
  console.log(
    `${label.padEnd(40)} p50 ${p50(times)} ms   max ${times[times.length - 1]!.toFixed(0).padStart(6)} ms   cpu p50 ${p50(cpuTimes)} ms   load ${loadavg()[0]!.toFixed(1)}   ${size} B`,
  );
}
connection.closeSync();
instance.closeSync();
