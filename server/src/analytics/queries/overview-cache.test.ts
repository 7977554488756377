import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storageOn } from '../../storage/storage.ts';
import { forEachTestDatabase } from '../../storage/test-databases.ts';
import type { Storage, StoredEvent } from '../../storage/types.ts';
import { duckDbProjectionTarget } from '../engine/duckdb-projection.ts';
import { testEvent } from '../engine/test-event.ts';
import { openProjection } from '../projection/open-projection.ts';
import { duckDbAnalytics } from './analytics-db.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { createOverviewCache } from './overview-cache.ts';
import type { OverviewCache } from './overview-cache.ts';
import { overviewQuery } from './overview.ts';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 2, 12, 30);
const POLL_MS = 25;

/** Event `index`, `index` ms after the start of NOW's hour. */
const event = (index: number): StoredEvent => {
  const base = testEvent(index);
  const at = Math.floor(NOW / HOUR) * HOUR + index;
  return { ...base, ts: at, correctedTs: at, receivedAt: at };
};

/** An `AnalyticsDb` that counts the queries it runs. */
function counting(db: AnalyticsDb): AnalyticsDb & { queries: number } {
  const counted = {
    queries: 0,
    all: <Row>(sql: string, params?: readonly unknown[]) => {
      counted.queries++;
      return db.all<Row>(sql, params);
    },
  };
  return counted;
}

async function waitFor(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > withinMs) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return performance.now() - started;
}

describe('the kept overview', () => {
  let projection: { instance: DuckDBInstance; connection: DuckDBConnection };
  let cache: OverviewCache;
  let keeper: AnalyticsDb & { queries: number };
  let reader: AnalyticsDb & { queries: number };
  let commit: (from: number, to: number) => Promise<void>;

  beforeEach(async () => {
    projection = await openProjection(':memory:');
    const target = duckDbProjectionTarget(projection.connection);
    await target.watermark();
    commit = async (from, to) => {
      const rows = [];
      for (let seq = from; seq <= to; seq++) rows.push({ seq, body: JSON.stringify(event(seq)) });
      await target.commit(rows);
    };
    keeper = counting(duckDbAnalytics(await projection.instance.connect()));
    reader = counting(duckDbAnalytics(await projection.instance.connect()));
    // As the engine makes it: its owner refreshes it after every change.
    cache = createOverviewCache(keeper, { pollMs: POLL_MS, clock: () => NOW });
  });
  afterEach(async () => {
    await cache.stop();
    projection.connection.closeSync();
    projection.instance.closeSync();
  });

  it('answers what computing it would, with the asked time, and runs no query while nothing changes', async () => {
    const idle = () => new Promise((resolve) => setTimeout(resolve, POLL_MS * 4));
    await idle();
    // The hour's first computation, which the watch started at its first look, may still be running on a busy
    // machine: a refresh is queued after it, so once this one is done, so is that.
    await cache.refresh();
    const atStart = keeper.queries;
    await idle();
    // Nothing refreshed since the hour's first computation: the cache ran no query of its own.
    expect(keeper.queries).toBe(atStart);
    await commit(1, 3);
    await cache.refresh();
    // A time later in the same hour: the same figures, the asked `now`.
    const asked = NOW + 60_000;
    const direct = await overviewQuery(reader, { now: asked });
    reader.queries = 0;
    expect(await cache.read(reader, { now: asked })).toEqual(direct);
    expect(reader.queries).toBe(0);
    expect(direct.last24h.events).toBe(3);
  });

  it('serves the newest refreshed answer without a query, at most one refresh behind, saying so', async () => {
    await commit(1, 3);
    await cache.refresh();
    await commit(4, 5);
    reader.queries = 0;
    // Not refreshed since the commit: the answer computed at watermark 3, as it says, and no query at all.
    expect(await cache.read(reader, { now: NOW + 60_000 })).toMatchObject({
      now: NOW + 60_000,
      last24h: { events: 3 },
      projection: { watermark: 3 },
    });
    expect(reader.queries).toBe(0);
    await cache.refresh();
    const fresh = await cache.read(reader, { now: NOW });
    expect(reader.queries).toBe(0);
    expect(fresh).toEqual(await overviewQuery(reader, { now: NOW }));
    expect(fresh.projection.watermark).toBe(5);
  });

  it('computes when nothing was refreshed yet or for another hour, and at once after a purge', async () => {
    await cache.stop();
    const fresh = createOverviewCache(keeper, { pollMs: 60_000, clock: () => NOW });
    try {
      await commit(1, 2);
      expect((await fresh.read(reader, { now: NOW })).last24h.events).toBe(2);
      expect(reader.queries).toBeGreaterThan(1);
      await fresh.refresh();
      // Three hours on, events from before are still within the last 24 hours; today's figures are another hour's.
      reader.queries = 0;
      const later = await fresh.read(reader, { now: NOW + 3 * HOUR });
      expect(reader.queries).toBeGreaterThan(1);
      expect(later).toMatchObject({ now: NOW + 3 * HOUR, last24h: { events: 2 } });
      reader.queries = 0;
      await fresh.read(reader, { now: NOW });
      expect(reader.queries).toBe(0);
      const before = keeper.queries;
      fresh.invalidate();
      // The purge's answer is computed again on the cache's own connection, not by the read.
      reader.queries = 0;
      const served = await fresh.read(reader, { now: NOW });
      expect(reader.queries).toBe(0);
      expect(keeper.queries).toBeGreaterThan(before + 1);
      expect(served).toEqual(await overviewQuery(reader, { now: NOW }));
    } finally {
      await fresh.stop();
    }
  });
});

forEachTestDatabase('the overview through the engine', (open) => {
  let storage: Storage;
  afterEach(() => storage.close());

  // The documented bound (docs/analytics.md): the projector's next pass (its waits are at most 2 s) and one
  // computation of the overview, a few seconds on a busy machine. Without the kept answer's renewal it never moves.
  it('moves with new events within seconds of their arrival while nothing else is read', async () => {
    storage = await storageOn(await open(), undefined, { pollMs: 50 });
    const now = Date.now();
    const live = (index: number): StoredEvent => ({
      ...testEvent(index),
      ts: now,
      correctedTs: now,
      receivedAt: now,
    });
    await storage.insertEvents([live(1), live(2)]);
    await storage.analytics.catchUp();
    expect((await storage.analytics.run('overview', { now })).last24h.events).toBe(2);
    await storage.insertEvents([live(3)]);
    const took = await waitFor(
      async () => (await storage.analytics.run('overview', { now: Date.now() })).last24h.events === 3,
      10_000,
    );
    expect(took).toBeLessThan(5000);
  });
});
