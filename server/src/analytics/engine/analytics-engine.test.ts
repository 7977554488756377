import { afterEach, expect, it } from 'vitest';
import { HttpError } from '../../http-errors.ts';
import { storageOn } from '../../storage/storage.ts';
import { TEST_EVENT_T, testEvent } from './test-event.ts';
import { forEachTestDatabase } from '../../storage/test-databases.ts';
import type { Storage } from '../../storage/types.ts';

const T = TEST_EVENT_T;
const event = testEvent;

/** A read that keeps DuckDB busy far longer than any test waits: only its time limit ends it. */
const FOREVER = { rows: 1e15 };

forEachTestDatabase('the analytics engine', (open) => {
  let storage: Storage | undefined;
  afterEach(async () => storage?.close());

  it('projects every stored event once, and catches up before it answers', async () => {
    storage = await storageOn(await open(), undefined, { diagnostics: true, batchSize: 7 });
    await storage.insertEvents(Array.from({ length: 30 }, (_, index) => event(index)));
    await storage.analytics.catchUp();
    expect(await storage.analytics.status()).toMatchObject({ rows: 30, lagEvents: 0, skipped: 0 });
    await storage.insertEvents([event(30), event(5)]);
    await storage.analytics.catchUp();
    expect(await storage.analytics.status()).toMatchObject({ rows: 31, lagEvents: 0 });
  });

  it('reports where the process memory goes: main heap, worker heap, DuckDB', async () => {
    storage = await storageOn(await open());
    await storage.insertEvents(Array.from({ length: 30 }, (_, index) => event(index)));
    await storage.analytics.catchUp();
    const { memory } = await storage.analytics.status();
    for (const part of ['mainHeapUsed', 'workerHeapUsed', 'duckdb'] as const) expect(memory[part]).toBeGreaterThan(0);
    expect(memory.workerHeapTotal).toBeGreaterThanOrEqual(memory.workerHeapUsed);
    expect(memory.mainHeapTotal).toBeGreaterThanOrEqual(memory.mainHeapUsed);
    expect(memory.rss).toBeGreaterThan(memory.mainHeapUsed + memory.duckdb);
  });

  it('passes over load-test events, and reads rows again that reuse a deleted rowid after a rewind', async () => {
    storage = await storageOn(await open());
    await storage.insertEvents(Array.from({ length: 5 }, (_, index) => event(index)));
    await storage.insertEvents(
      Array.from({ length: 4 }, (_, index) => ({ ...event(100 + index), sessionId: 'load', tags: ['load-test'] })),
    );
    await storage.analytics.catchUp();
    expect(await storage.analytics.status()).toMatchObject({ rows: 5, lagEvents: 0 });
    if (storage.kind === 'sqlite') {
      // What the load-test route does: delete the newest rows and rewind, under the write lock.
      await storage.db.transaction(async (tx) => {
        await tx.run("DELETE FROM events WHERE session_id = 'load'");
        await storage!.analytics.rewind((await tx.get<{ seq: number }>('SELECT max(rowid) AS seq FROM events'))!.seq);
      });
      await storage.insertEvents([event(200), event(201)]);
      // The new rows took rowids the projection had already passed.
      expect(
        await storage.db.all('SELECT rowid AS seq FROM events WHERE id IN (?, ?) ORDER BY rowid', [
          event(200).id,
          event(201).id,
        ]),
      ).toEqual([{ seq: 6 }, { seq: 7 }]);
    } else {
      await storage.insertEvents([event(200), event(201)]);
    }
    await storage.analytics.catchUp();
    expect(await storage.analytics.status()).toMatchObject({ rows: 7, lagEvents: 0 });
  });

  it('answers the overview from what the projection holds without waiting, and says how fresh it is', async () => {
    // Polling far apart: only a read's own catch-up brings new rows in during the test.
    storage = await storageOn(await open(), undefined, { pollMs: 600_000 });
    await storage.insertEvents([event(1), event(2)]);
    await storage.analytics.catchUp();
    await storage.insertEvents([event(3)]);
    const stale = await storage.analytics.run('overview', { now: T + 3600_000 });
    expect(stale.projection).toEqual({ watermark: 2, asOf: T + 2 });
    expect(stale.last24h.events).toBe(2);
    // Any other read catches up first, so it sees the third event; the overview then does too.
    expect(await storage.analytics.run('retention', { since: T, until: T + 86_400_000 })).toMatchObject({
      cohorts: [{ size: 1 }],
    });
    const fresh = await storage.analytics.run('overview', { now: T + 3600_000 });
    expect(fresh.projection).toEqual({ watermark: 3, asOf: T + 3 });
    expect(fresh.last24h.events).toBe(3);
  });

  it('stops a read at its time limit with 503 and Retry-After, and is free again afterwards', async () => {
    storage = await storageOn(await open(), undefined, { diagnostics: true, concurrency: 1 });
    const error = await storage.analytics
      .run('diagnostic:busy', FOREVER, { timeoutMs: 300 })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 503, headers: { 'Retry-After': '1' } });
    expect((error as Error).message).toMatch(/took longer than its 1 s limit/);
    // The one connection was interrupted and handed back: a short read answers.
    expect(await storage.analytics.run('diagnostic:busy', { rows: 70 }, { timeoutMs: 5000 })).toBe(10);
  });

  it('answers 503 with Retry-After at once when the waiting line is full', async () => {
    storage = await storageOn(await open(), undefined, { diagnostics: true, concurrency: 1, maxQueued: 1 });
    const running = storage.analytics
      .run('diagnostic:busy', FOREVER, { timeoutMs: 1500 })
      .catch((reason: unknown) => reason);
    const waiting = storage.analytics.run('diagnostic:busy', { rows: 7 }, { timeoutMs: 5000 });
    const refused = await storage.analytics.run('diagnostic:busy', { rows: 7 }).catch((reason: unknown) => reason);
    expect(refused).toMatchObject({ status: 503, headers: { 'Retry-After': '1' } });
    expect((refused as Error).message).toMatch(/1 reads are already waiting/);
    expect(await running).toMatchObject({ status: 503 });
    expect(await waiting).toBe(1);
  });

  it('answers 503 when the worker dies, and starts a new one that catches up', async () => {
    storage = await storageOn(await open(), undefined, { diagnostics: true });
    await storage.insertEvents([event(1), event(2)]);
    const crashed = await storage.analytics.run('diagnostic:crash', {}).catch((reason: unknown) => reason);
    expect(crashed).toMatchObject({ status: 503, headers: { 'Retry-After': '5' } });
    expect((crashed as Error).message).toMatch(/the analytics engine stopped/);
    await storage.insertEvents([event(3)]);
    expect(await storage.analytics.run('retention', { since: T, until: T + 86_400_000 })).toMatchObject({
      cohorts: [{ size: 1 }],
    });
    expect(await storage.analytics.status()).toMatchObject({ rows: 3, lagEvents: 0 });
  });

  it('refuses an unknown read', async () => {
    storage = await storageOn(await open());
    await expect(storage.analytics.run('no-such-read' as 'funnel', {} as never)).rejects.toThrow(
      /no analytics read "no-such-read"/,
    );
  });
});
