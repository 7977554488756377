import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendRows } from '../projection/append-rows.ts';
import { toEventRow } from '../projection/event-row.ts';
import { DAY_MS, NARROW_TABLES } from '../projection/schema.ts';
import { updateRollups } from '../projection/update-rollups.ts';
import { duckDbAnalytics } from '../queries/analytics-db.ts';
import type { AnalyticsDb } from '../queries/analytics-db.ts';
import { apiPerformanceQuery } from '../queries/api-performance.ts';
import { errorGroupsQuery } from '../queries/error-groups.ts';
import { npsQuery } from '../queries/nps.ts';
import { randomEvents } from '../queries/random-events.ts';
import { prepareProjection, purgeProjection } from './duckdb-projection.ts';

const T = Date.UTC(2026, 10, 2);
// Ragged edges: the range starts and ends inside a day, so whole days and partial ones both count.
const since = T + 2 * DAY_MS + 5 * 3_600_000 + 123;
const until = T + 19 * DAY_MS + 7 * 3_600_000;
const EVENTS = randomEvents(4000, 11);

let instance: DuckDBInstance;
let connection: DuckDBConnection;
let db: AnalyticsDb;

beforeEach(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
  db = duckDbAnalytics(connection);
  await prepareProjection(connection, false);
  for (let start = 0; start < EVENTS.length; start += 300) {
    const batch = EVENTS.slice(start, start + 300);
    await appendRows(
      connection,
      batch.map((event, index) => toEventRow(event, start + index + 1)),
    );
    await updateRollups(connection, start, start + batch.length);
  }
}, 120_000);
afterEach(() => instance.closeSync());

/** API performance as `quantile_disc` over every `api` row of `events`: the definition the rollups must match. */
async function directApiPerformance(from: number, to: number) {
  const timing = `count(*) AS requests, count(*) FILTER (status = 0 OR status >= 400) AS errors, quantile_disc(duration, 0.5) AS p50,
    quantile_disc(duration, 0.95) AS p95, quantile_disc(duration, 0.99) AS p99`;
  const where = 'duration IS NOT NULL AND ts >= ? AND ts < ?';
  const group = "coalesce(route, '') AS route, coalesce(method, '') AS method";
  return {
    routes: await db.all(
      `SELECT ${group}, ${timing} FROM events WHERE ${where} GROUP BY ALL ORDER BY requests DESC, route, method`,
      [from, to],
    ),
    daily: await db.all(
      `SELECT CAST(floor(ts / ${DAY_MS}) AS BIGINT) AS day, ${group}, ${timing} FROM events WHERE ${where} GROUP BY ALL ORDER BY day, route, method`,
      [from, to],
    ),
  };
}

/** The answer's rows in the direct query's terms. */
function asRows(answer: Awaited<ReturnType<typeof apiPerformanceQuery>>) {
  const row = ({ route, method, requests, p50, p95, p99 }: (typeof answer.routes)[number]) => ({
    route,
    method,
    requests,
    p50,
    p95,
    p99,
  });
  return {
    routes: answer.routes.map(row),
    daily: answer.daily.map(({ day, ...rest }) => ({
      day: Date.parse(day) / DAY_MS,
      ...row({ ...rest, errors: 0, requestsPerMinute: 0 }),
    })),
  };
}

async function expectApiPerformanceExact(from: number, to: number): Promise<void> {
  const direct = await directApiPerformance(from, to);
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ errors: _errors, ...rest }) => rest);
  const answer = await apiPerformanceQuery(db, { since: from, until: to });
  expect(direct.routes.length).toBeGreaterThan(3);
  expect(asRows(answer)).toEqual({ routes: strip(direct.routes), daily: strip(direct.daily) });
  expect(answer.routes.map((row) => row.errors)).toEqual(direct.routes.map((row) => row.errors));
}

describe('narrow tables and the API durations rollup', () => {
  it('answer API performance exactly as quantile_disc over the events, whole days and partial ones', async () => {
    await expectApiPerformanceExact(since, until);
    // A range inside one day reads the timings alone.
    await expectApiPerformanceExact(T + 3 * DAY_MS + 3_600_000, T + 3 * DAY_MS + 20 * 3_600_000);
  });

  it('are filled from the events when a projection made before them is opened', async () => {
    const before = {
      api: await apiPerformanceQuery(db, { since, until }),
      nps: await npsQuery(db, { since, until }),
      errors: await errorGroupsQuery(db, { since, until, statuses: [] }),
    };
    const counts = async () =>
      Promise.all(
        NARROW_TABLES.map(
          async ({ table }) => (await db.all<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n,
        ),
      );
    const filled = await counts();
    expect(filled.every((n) => n > 0)).toBe(true);
    for (const { table } of NARROW_TABLES) await connection.run(`DROP TABLE ${table}`);
    await connection.run('DROP TABLE rollup_api_durations_daily');
    await prepareProjection(connection, false);
    expect(await counts()).toEqual(filled);
    expect({
      api: await apiPerformanceQuery(db, { since, until }),
      nps: await npsQuery(db, { since, until }),
      errors: await errorGroupsQuery(db, { since, until, statuses: [] }),
    }).toEqual(before);
  });

  it('lose what retention purges, the rollups counting the cut day again from what is left of it', async () => {
    const cutDay = T + 6 * DAY_MS;
    const cut = cutDay + 13 * 3_600_000;
    const purged = await purgeProjection(connection, cut);
    expect(purged).toBeGreaterThan(0);
    for (const { table } of NARROW_TABLES)
      expect((await db.all<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ts < ?`, [cut]))[0]!.n).toBe(0);
    // From the cut day on, the answer is the surviving events'; earlier days keep their rollups, as every rollup does.
    await expectApiPerformanceExact(cutDay, until);
    await expectApiPerformanceExact(cut + 3_600_000, until);
  });
});
