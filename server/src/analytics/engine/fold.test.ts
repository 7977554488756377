import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricSpec } from '../../flags/experiment-results.ts';
import { DAY_MS, PROJECTION_DDL } from '../projection/schema.ts';
import { foldRollups } from '../projection/update-rollups.ts';
import { duckDbAnalytics } from '../queries/analytics-db.ts';
import type { AnalyticsDb } from '../queries/analytics-db.ts';
import { apiPerformanceQuery } from '../queries/api-performance.ts';
import { errorGroupsQuery } from '../queries/error-groups.ts';
import { errorImpactQuery } from '../queries/error-impact.ts';
import { experimentResultsQuery } from '../queries/experiment-results.ts';
import { funnelQuery } from '../queries/funnel.ts';
import { npsQuery } from '../queries/nps.ts';
import { sameAnswer } from '../queries/oracle.ts';
import { RANDOM_EVENTS_EXPERIMENT as experiment, randomEvents } from '../queries/random-events.ts';
import { retentionQuery } from '../queries/retention.ts';
import { TREND_SERIES, trendsQuery } from '../queries/trends.ts';
import { vitalsQuery } from '../queries/vitals.ts';
import { duckDbProjectionTarget, prepareProjection } from './duckdb-projection.ts';
import type { ProjectionTarget } from './projector.ts';
import type { RecordRow } from './record-source.ts';

// Rows 1..FOLDED are appended and folded; the rest appended only (a fold has not reached them), among them the
// whole history of one late person, so that reads of people (retention, active users) depend on unfolded rows too.
const EVENTS = [
  ...randomEvents(3000, 41),
  ...randomEvents(40, 43).map((event, index) => ({
    ...event,
    id: `late-${index}`,
    anonymousId: 'late-person',
    userId: 'late-user',
  })),
];
const FOLDED = 1500;
const T = Date.UTC(2026, 10, 2);
// Ragged edges: whole days and partial ones, whole weeks and partial ones.
const since = T + 2 * DAY_MS + 5 * 3_600_000 + 123;
const until = T + 19 * DAY_MS + 7 * 3_600_000;
const metrics: MetricSpec[] = [
  { kind: 'conversion', event: 'A' },
  { kind: 'mean', event: 'B', property: 'value' },
];

/** Every read that combines a rollup with live rows, and the plain ones, with the parameters they get. */
const READS: [string, (db: AnalyticsDb) => Promise<unknown>][] = [
  ['retention', (db) => retentionQuery(db, { since, until })],
  ['retention, whole weeks', (db) => retentionQuery(db, { since: T, until: T + 28 * DAY_MS })],
  ['vitals by path', (db) => vitalsQuery(db, { since, until })],
  ['vitals by route, top 3', (db) => vitalsQuery(db, { since, until, groupBy: 'route', limit: 3 })],
  ['API performance', (db) => apiPerformanceQuery(db, { since, until })],
  ['API performance, whole days', (db) => apiPerformanceQuery(db, { since: T, until: T + 30 * DAY_MS })],
  ...TREND_SERIES.map((series): [string, (db: AnalyticsDb) => Promise<unknown>] => [
    `trends: ${series}`,
    (db) => trendsQuery(db, { series, since, until }),
  ]),
  [
    'trends: active users by a trait',
    (db) => trendsQuery(db, { series: 'active-users', since, until, breakdown: { source: 'trait', key: 'plan' } }),
  ],
  [
    'funnel by variation',
    (db) => funnelQuery(db, { steps: ['A', 'B', 'C'], windowMs: 2 * DAY_MS, since, until, experiment: 'exp' }),
  ],
  ['experiment results', (db) => experimentResultsQuery(db, { experiment, metrics, since, until })],
  ['error groups', (db) => errorGroupsQuery(db, { since, until, statuses: [] })],
  ['error impact', (db) => errorImpactQuery(db, { fingerprint: 'fp-a', conversion: 'A', since, until })],
  ['NPS', (db) => npsQuery(db, { since, until })],
];

/** Tables the fold writes, and what the append writes, dumped in a fixed order. */
const TABLES = PROJECTION_DDL.map((statement) => /CREATE TABLE IF NOT EXISTS (\w+)/.exec(statement)![1]!);

const rows = (from: number, to: number): RecordRow[] =>
  EVENTS.slice(from, to).map((event, index) => ({ seq: from + index + 1, body: JSON.stringify(event) }));

interface Opened {
  instance: DuckDBInstance;
  writer: DuckDBConnection;
  folder: DuckDBConnection;
  target: ProjectionTarget;
  db: AnalyticsDb;
}

async function open(file: string, fold: boolean): Promise<Opened> {
  const instance = await DuckDBInstance.create(file);
  const writer = await instance.connect();
  const folder = await instance.connect();
  await prepareProjection(writer, false);
  return {
    instance,
    writer,
    folder,
    target: duckDbProjectionTarget(writer, fold ? folder : undefined),
    db: duckDbAnalytics(writer),
  };
}

async function commitAll(target: ProjectionTarget, from: number, to: number, batch = 250): Promise<void> {
  for (let start = from; start < to; start += batch) await target.commit(rows(start, Math.min(to, start + batch)));
}

async function dump(db: AnalyticsDb): Promise<Record<string, string>> {
  const tables: Record<string, string> = {};
  for (const table of TABLES) tables[table] = JSON.stringify(await db.all(`SELECT * FROM ${table} ORDER BY ALL`));
  return tables;
}

async function state(db: AnalyticsDb) {
  const [row] = await db.all<{ watermark: number; folded: number }>(
    "SELECT (SELECT value FROM projection_state WHERE key = 'watermark') AS watermark, (SELECT max(watermark) FROM rollup_state) AS folded",
  );
  return row!;
}

describe('the rollups folded apart from the appends', () => {
  let dir: string;
  let file: string;
  // Folded with every commit, in the same two ranges the lagging projection folds: the answers and the tables to match.
  let oracle: Opened;
  let lagging: Opened;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-fold-'));
    file = join(dir, 'analytics.duckdb');
    oracle = await open(':memory:', false);
    await oracle.target.commit(rows(0, FOLDED));
    await oracle.target.commit(rows(FOLDED, EVENTS.length));
    lagging = await open(file, true);
    await commitAll(lagging.target, 0, FOLDED);
    expect(await lagging.target.fold!()).toEqual({ folded: FOLDED, watermark: FOLDED });
    await commitAll(lagging.target, FOLDED, EVENTS.length);
  }, 120_000);
  afterAll(() => {
    for (const { instance } of [oracle, lagging]) instance.closeSync();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(READS)('%s answers exactly while the rollups lag the appends', async (_label, read) => {
    expect(await state(lagging.db)).toEqual({ watermark: EVENTS.length, folded: FOLDED });
    const expected = await read(oracle.db);
    expect(JSON.stringify(expected)).toMatch(/[1-9]/);
    expect(sameAnswer(await read(lagging.db), expected)).toBeUndefined();
  });

  it('the rollups do lag: the hourly events rollup holds the folded rows only', async () => {
    const [counted] = await lagging.db.all<{ events: number }>(
      'SELECT sum(events) AS events FROM rollup_events_hourly',
    );
    expect(counted!.events).toBe(FOLDED);
  });

  it('a crash in the middle of a fold, and one between the append and the fold, lose and double nothing', async () => {
    // A fold that has done its work but not committed when the process dies.
    await lagging.folder.run('BEGIN TRANSACTION');
    await foldRollups(lagging.folder, FOLDED, EVENTS.length);
    lagging.instance.closeSync();
    lagging = await open(file, true);
    expect(await state(lagging.db)).toEqual({ watermark: EVENTS.length, folded: FOLDED });
    expect((await dump(lagging.db)).rollup_events_hourly).not.toBe((await dump(oracle.db)).rollup_events_hourly);
    // On start the fold takes the rows after its watermark from the projection's own rows, once.
    expect(await lagging.target.fold!()).toEqual({ folded: EVENTS.length, watermark: EVENTS.length });
    expect(await dump(lagging.db)).toEqual(await dump(oracle.db));
    expect(await lagging.target.fold!()).toEqual({ folded: EVENTS.length, watermark: EVENTS.length });
    expect(await dump(lagging.db)).toEqual(await dump(oracle.db));
  });
});
