import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { StoredEvent } from '../../storage/types.ts';
import { duckDbAnalytics } from '../queries/analytics-db.ts';
import { appendRows } from './append-rows.ts';
import { toEventRow } from './event-row.ts';
import { openProjection } from './open-projection.ts';
import { updateRollups } from './update-rollups.ts';

const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 2, 10);
let instance: DuckDBInstance;
let connection: DuckDBConnection;

const event = (index: number, patch: Partial<StoredEvent>): StoredEvent => ({
  id: `0190a000-0003-7000-8000-${String(index).padStart(12, '0')}`,
  type: 'track',
  ts: T,
  correctedTs: T,
  receivedAt: T,
  sessionId: '0190a000-0002-7000-8000-000000000001',
  anonymousId: `0190a000-0001-7000-8000-00000000000${index % 3}`,
  ...patch,
});
const EVENTS: StoredEvent[] = [
  event(1, { name: 'Deal Won', props: { value: 5 } }),
  event(2, { name: 'Revenue', props: { amount: 10, currency: 'EUR' } }),
  event(3, { name: 'Revenue', correctedTs: T + DAY, props: { amount: 2.5, currency: 'EUR' } }),
  event(4, { type: 'error', name: 'TypeError', props: { fingerprint: 'fp', count: 2 } }),
  event(5, {
    type: 'vital',
    name: 'LCP',
    page: { url: 'https://crm.test/contacts/1', path: '/contacts/1' },
    props: { id: 'm1', value: 1000, rating: 'good' },
  }),
  event(6, {
    type: 'vital',
    name: 'LCP',
    page: { url: 'https://crm.test/contacts/2', path: '/contacts/2' },
    props: { id: 'm1', value: 3000, rating: 'needs-improvement' },
  }),
  event(7, {
    type: 'api',
    name: 'GET /contacts/:id',
    props: { method: 'GET', route: '/contacts/:id', status: 500, duration: 80 },
  }),
  event(8, { type: 'nps', props: { score: 10 } }),
];

beforeAll(async () => {
  ({ instance, connection } = await openProjection(':memory:'));
});
afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

it('appends typed rows that read back as they went in, inside a transaction that can roll back', async () => {
  const db = duckDbAnalytics(connection);
  await connection.run('BEGIN TRANSACTION');
  await appendRows(
    connection,
    EVENTS.map((each, index) => toEventRow(each, index + 1)),
  );
  await connection.run('ROLLBACK');
  expect(await db.all('SELECT count(*) AS n FROM events')).toEqual([{ n: 0 }]);
  await connection.run('BEGIN TRANSACTION');
  await appendRows(
    connection,
    EVENTS.slice(0, 4).map((each, index) => toEventRow(each, index + 1)),
  );
  await updateRollups(connection, 0, 4);
  await connection.run('COMMIT');
  await appendRows(
    connection,
    EVENTS.slice(4).map((each, index) => toEventRow(each, index + 5)),
  );
  await updateRollups(connection, 4, 8);
  expect(await db.all('SELECT seq, name, ts, value, off_plan FROM events WHERE seq = 1')).toEqual([
    { seq: 1, name: 'Deal Won', ts: T, value: 5, off_plan: false },
  ]);
  expect(await db.all('SELECT count(*) AS n FROM events')).toEqual([{ n: 8 }]);
});

it('keeps the rollups current as rows arrive', async () => {
  const db = duckDbAnalytics(connection);
  const day = Math.floor(T / DAY);
  expect(await db.all('SELECT day, currency, payments, amount FROM rollup_revenue_daily ORDER BY day')).toEqual([
    { day, currency: 'EUR', payments: 1, amount: 10 },
    { day: day + 1, currency: 'EUR', payments: 1, amount: 2.5 },
  ]);
  expect(await db.all("SELECT events FROM rollup_events_hourly WHERE name = 'Revenue'")).toEqual([
    { events: 1 },
    { events: 1 },
  ]);
  expect(await db.all('SELECT fingerprint, events, occurrences FROM rollup_errors_hourly')).toEqual([
    { fingerprint: 'fp', events: 1, occurrences: 2 },
  ]);
  // The vitals and API day is still open (no later day yet): pending, not in the percentile rollups.
  expect(await db.all('SELECT day FROM rollup_pending_days')).toEqual([{ day }]);
  expect(await db.all('SELECT count(*) AS n FROM rollup_vitals_daily')).toEqual([{ n: 0 }]);
  await appendRows(connection, [toEventRow(event(9, { name: 'Deal Won', correctedTs: T + 2 * DAY }), 9)]);
  await updateRollups(connection, 8, 9);
  expect(await db.all('SELECT day FROM rollup_pending_days')).toEqual([]);
  // m1 reported twice the same day: its last value (3000, on /contacts/:id) is the one counted.
  expect(
    await db.all('SELECT day, route, metric, count, p75, good, needs_improvement FROM rollup_vitals_daily'),
  ).toEqual([{ day, route: '/contacts/:id', metric: 'LCP', count: 1, p75: 3000, good: 0, needs_improvement: 1 }]);
  expect(await db.all('SELECT route, method, requests, errors, p99 FROM rollup_api_daily')).toEqual([
    { route: '/contacts/:id', method: 'GET', requests: 1, errors: 1, p99: 80 },
  ]);
  expect(await db.all('SELECT responses, promoters, detractors FROM rollup_nps_weekly')).toEqual([
    { responses: 1, promoters: 1, detractors: 0 },
  ]);
  expect(await db.all('SELECT day, count(*) AS actors FROM rollup_actors_daily GROUP BY day ORDER BY day')).toEqual([
    { day, actors: 3 },
    { day: day + 1, actors: 1 },
    { day: day + 2, actors: 1 },
  ]);
});

it('keeps the last report of a metric id re-reported in a later batch, in one transaction with the delete', async () => {
  const db = duckDbAnalytics(connection);
  const vital = (index: number, id: string, value: number, path: string) =>
    toEventRow(
      event(index, {
        type: 'vital',
        name: 'CLS',
        page: { url: `https://crm.test${path}`, path },
        props: { id, value },
      }),
      index,
    );
  await appendRows(connection, [vital(10, 'm7', 0.3, '/deals')]);
  await updateRollups(connection, 9, 10);
  await connection.run('BEGIN TRANSACTION');
  await appendRows(connection, [vital(11, 'm7', 0.05, '/deals/4'), vital(12, 'm8', 0.2, '/deals')]);
  await updateRollups(connection, 10, 12);
  await connection.run('COMMIT');
  expect(
    await db.all("SELECT metric_id, seq, value, path FROM vitals_latest WHERE metric = 'CLS' ORDER BY metric_id"),
  ).toEqual([
    { metric_id: 'm7', seq: 11, value: 0.05, path: '/deals/4' },
    { metric_id: 'm8', seq: 12, value: 0.2, path: '/deals' },
  ]);
});
