import { DuckDBInstance } from '@duckdb/node-api';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { duckDbProjectionTarget, prepareProjection } from './duckdb-projection.ts';
import { createProjector, nextPollDelay } from './projector.ts';
import type { ProjectionTarget } from './projector.ts';
import { openRecordSource } from './record-source.ts';
import { testEvent } from './test-event.ts';

/** What a pass costs at 10 million events (hundreds of ms), which a test store this small cannot cost by itself. */
const PASS_COST_MS = 150;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A SQLite record (the real file and reader) and a DuckDB projection whose commits take `PASS_COST_MS` longer. */
async function costlyProjection(options: { pollMs: number; maxPollMs: number; batchSize: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'crm-insights-projector-'));
  const record = new Database(join(dir, 'record.sqlite'));
  record.pragma('journal_mode = WAL');
  record.exec('CREATE TABLE events (body TEXT NOT NULL)');
  const insert = record.prepare('INSERT INTO events (body) VALUES (?)');
  let next = 0;
  const add = (count: number) => {
    for (let index = 0; index < count; index++) insert.run(JSON.stringify(testEvent(next++)));
  };
  add(1);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await prepareProjection(connection, false);
  const real = duckDbProjectionTarget(connection);
  const commits: { start: number; end: number; rows: number }[] = [];
  const target: ProjectionTarget = {
    watermark: () => real.watermark(),
    rewind: (seq) => real.rewind(seq),
    async commit(rows) {
      const start = performance.now();
      const result = await real.commit(rows);
      await new Promise((resolve) => setTimeout(resolve, PASS_COST_MS));
      commits.push({ start, end: performance.now(), rows: rows.length });
      return result;
    },
  };
  const source = await openRecordSource({ kind: 'sqlite', file: join(dir, 'record.sqlite') });
  const projector = await createProjector(source, target, { ...options, delayMs: 0 });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => void record.close());
  cleanups.push(() => instance.closeSync());
  cleanups.push(() => source.close());
  cleanups.push(() => projector.stop());
  const rows = async () =>
    Number((await connection.runAndReadAll('SELECT count(*) AS n FROM events')).getRowObjectsJS()[0]!.n);
  return { projector, add, added: () => next, commits, rows };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('waits twice as long as the last pass took, between the poll interval and the longest wait', () => {
  const options = { batchSize: 100, pollMs: 250, maxPollMs: 2_000, delayMs: 0 };
  expect(nextPollDelay(3, options)).toBe(250);
  expect(nextPollDelay(600, options)).toBe(1_200);
  expect(nextPollDelay(60_000, options)).toBe(2_000);
  expect(nextPollDelay(60_000, { ...options, maxPollMs: 100 })).toBe(250);
});

it('paces costly background passes instead of running them back to back, while rows keep arriving', async () => {
  const { projector, add, added, commits, rows } = await costlyProjection({
    pollMs: 10,
    maxPollMs: 300,
    batchSize: 50,
  });
  projector.start();
  // A steady trickle: there is always something new when a pass ends, as with ingest running at 10 M events.
  const trickle = setInterval(() => add(5), 20);
  cleanups.push(() => clearInterval(trickle));
  await until(() => commits.length >= 5);
  clearInterval(trickle);
  const gaps = commits.slice(1).map((commit, index) => commit.start - commits[index]!.end);
  // A background pass stops after 300 ms (one or two commits) and then waits twice as long as it ran. Unpaced,
  // every commit started within the 10 ms poll interval of the last, keeping a core busy.
  expect(Math.max(...gaps)).toBeGreaterThanOrEqual(280);
  // Nothing is lost or doubled: a read's catch-up brings every record row in, once.
  add(3);
  await projector.sync();
  expect(await rows()).toBe(added());
}, 30_000);

it('a read still catches up at once: its pass commits batch after batch, unpaced', async () => {
  const { projector, add, commits, rows } = await costlyProjection({ pollMs: 10, maxPollMs: 5_000, batchSize: 40 });
  projector.start();
  await until(() => commits.length >= 1);
  add(200);
  const before = commits.length;
  await projector.sync();
  expect(await rows()).toBe(201);
  const during = commits.slice(before - 1);
  const gaps = during.slice(1).map((commit, index) => commit.start - during[index]!.end);
  expect(during.length).toBeGreaterThanOrEqual(5);
  expect(Math.max(...gaps)).toBeLessThan(PASS_COST_MS);
}, 30_000);

/** Resolves once `done()` holds (checked every 20 ms), failing after 20 s. */
async function until(done: () => boolean): Promise<void> {
  for (const started = Date.now(); !done(); await sleep(20))
    if (Date.now() - started > 20_000) throw new Error('timed out waiting');
}

it('runs `afterFold` after a fold that folded rows in, once the rollups are committed, and not after an empty one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-insights-after-fold-'));
  const record = new Database(join(dir, 'record.sqlite'));
  record.pragma('journal_mode = WAL');
  record.exec('CREATE TABLE events (body TEXT NOT NULL)');
  const insert = record.prepare('INSERT INTO events (body) VALUES (?)');
  const instance = await DuckDBInstance.create(':memory:');
  const writer = await instance.connect();
  await prepareProjection(writer, false);
  const watcher = await instance.connect();
  const source = await openRecordSource({ kind: 'sqlite', file: join(dir, 'record.sqlite') });
  // What the hook sees: the rollup watermark as committed, from a connection of its own.
  const seen: number[] = [];
  const folded = async () =>
    Number((await watcher.runAndReadAll('SELECT max(watermark) AS w FROM rollup_state')).getRowObjectsJS()[0]!.w);
  const projector = await createProjector(source, duckDbProjectionTarget(writer, await instance.connect()), {
    batchSize: 100,
    pollMs: 600_000,
    delayMs: 0,
    afterFold: async () => void seen.push(await folded()),
  });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => void record.close());
  cleanups.push(() => instance.closeSync());
  cleanups.push(() => source.close());
  cleanups.push(() => projector.stop());
  for (let index = 0; index < 3; index++) insert.run(JSON.stringify(testEvent(index)));
  await projector.syncRollups();
  expect(seen).toEqual([3]);
  await projector.syncRollups();
  expect(seen).toEqual([3]);
  insert.run(JSON.stringify(testEvent(3)));
  await projector.syncRollups();
  expect(seen).toEqual([3, 4]);
});
