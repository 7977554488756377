import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AnalyticsDb } from '../queries/analytics-db.ts';
import { createReadRunner } from './read-runner.ts';

// DuckDB's node bindings run every call, `connect` included, on libuv's thread pool (4 threads unless
// UV_THREADPOOL_SIZE says otherwise): as many long queries as it has threads hold every one of them.
const POOL = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
const LONG = 'SELECT count(*) FROM range(100000000000) a';

let instance: DuckDBInstance;
beforeEach(async () => {
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
});
afterEach(() => instance.closeSync());

it('answers a read that runs no query while long queries hold the whole thread pool, and connects on the first query', async () => {
  const runner = createReadRunner(
    instance,
    {
      kept: async () => 'kept',
      one: async (db: AnalyticsDb) => (await db.all<{ one: number }>('SELECT 1 AS one'))[0]!.one,
      long: async (db: AnalyticsDb) => db.all(LONG),
    },
    async () => undefined,
  );
  const settled: boolean[] = [];
  const long = Array.from({ length: POOL }, (_, index) =>
    runner.run(100 + index, 'long', {}).finally(() => (settled[index] = true)),
  );
  // Every long query has its connection and is running.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(await runner.run(1, 'kept', {})).toEqual({ ok: true, value: 'kept' });
  // Answered while every long query still ran: it never asked the pool for a connection.
  expect(settled).toEqual([]);
  for (let index = 0; index < POOL; index++) runner.cancel(100 + index);
  for (const outcome of await Promise.all(long))
    expect(outcome).toMatchObject({ ok: false, failure: { code: 'interrupted' } });
  // A read that queries takes a connection (an idle one now) and answers.
  expect(await runner.run(2, 'one', {})).toEqual({ ok: true, value: 1 });
}, 30_000);

it('answers a read that rejects with no error at all as failed, and one with an HTTP status with that status', async () => {
  const runner = createReadRunner(
    instance,
    {
      nothing: async () => Promise.reject(undefined),
      absent: async () => Promise.reject(Object.assign(new Error('no such funnel'), { status: 404 })),
    },
    async () => undefined,
  );
  expect(await runner.run(1, 'nothing', {})).toEqual({ ok: false, failure: { code: 'failed', message: 'undefined' } });
  expect(await runner.run(2, 'absent', {})).toEqual({
    ok: false,
    failure: { code: 'failed', message: 'no such funnel', status: 404 },
  });
});
