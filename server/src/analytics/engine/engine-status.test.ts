import { afterEach, expect, it } from 'vitest';
import { storageOn } from '../../storage/storage.ts';
import { forEachTestDatabase } from '../../storage/test-databases.ts';
import type { Storage } from '../../storage/types.ts';
import { TEST_EVENT_T, testEvent } from './test-event.ts';

forEachTestDatabase('the engine status on the two stages', (open) => {
  let storage: Storage | undefined;
  afterEach(async () => storage?.close());

  it('says how far the rollups are folded and how long reads waited for the projector', async () => {
    // Polling far apart: only reads and catch-ups move the projection during the test.
    storage = await storageOn(await open(), undefined, { pollMs: 600_000 });
    await storage.insertEvents(Array.from({ length: 5 }, (_, index) => testEvent(index)));
    await storage.analytics.catchUp();
    expect(await storage.analytics.status()).toMatchObject({ watermark: 5, rollupWatermark: 5 });
    await storage.insertEvents([testEvent(5), testEvent(6)]);
    const range = { since: TEST_EVENT_T, until: TEST_EVENT_T + 86_400_000 };
    // The read appends the two new events before it answers, and counts them while the rollups have not yet.
    expect(await storage.analytics.run('retention', range)).toMatchObject({ cohorts: [{ size: 1 }] });
    const status = await storage.analytics.status();
    expect(status.watermark).toBe(7);
    expect(status.readWaits.count).toBe(1);
    expect(status.readWaits.maxMs).toBeGreaterThanOrEqual(status.readWaits.p50Ms);
    // The fold that read started catches the rollups up; a catch-up waits for it.
    await storage.analytics.catchUp();
    expect(await storage.analytics.status()).toMatchObject({ watermark: 7, rollupWatermark: 7 });
  });
});

forEachTestDatabase('the engine status while the projector commits', (open) => {
  let storage: Storage | undefined;
  afterEach(async () => storage?.close());

  it('counts every record row once: projected rows plus the lag after the same watermark', async () => {
    // Small batches polled often: the projector commits many times while the statuses below are read.
    storage = await storageOn(await open(), undefined, { pollMs: 1, batchSize: 25 });
    const total = 1000;
    for (let from = 0; from < total; from += 500)
      await storage.insertEvents(Array.from({ length: 500 }, (_, index) => testEvent(from + index)));
    const counts = new Set<number>();
    let statuses = 0;
    for (let status = await storage.analytics.status(); status.watermark < total; statuses++) {
      counts.add(status.rows + (status.lagEvents ?? 0));
      status = await storage.analytics.status();
    }
    expect(statuses).toBeGreaterThan(5);
    expect([...counts]).toEqual([total]);
  }, 30_000);
});
