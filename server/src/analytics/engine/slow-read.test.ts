import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { storageOn } from '../../storage/storage.ts';
import { forEachTestDatabase } from '../../storage/test-databases.ts';
import type { Storage } from '../../storage/types.ts';

const WRITE = 'pk_slow';
const READ = 'sk_slow';
const HOLD_MS = 4000;
/** Bound on one ingest answer while the read runs: far below the read's hold, far above a normal answer. */
const INGEST_BOUND_MS = 1000;

const batch = (from: number) => ({
  sentAt: Date.now(),
  events: Array.from({ length: 50 }, (_, offset) => ({
    id: `0190a000-0000-7000-8000-${String(from + offset).padStart(12, '0')}`,
    type: 'track',
    name: 'Deal Won',
    ts: Date.now(),
    sessionId: '0190a000-0001-7000-8000-000000000001',
    anonymousId: '0190a000-0002-7000-8000-000000000001',
  })),
});

forEachTestDatabase('a slow analytics read', (open) => {
  let storage: Storage;
  afterEach(() => storage.close());

  it('does not delay ingest: batches are answered, and the event loop stays free, while a read holds DuckDB busy', async () => {
    storage = await storageOn(await open(), undefined, { diagnostics: true, concurrency: 1 });
    const app = createApp({ storage, writeKey: WRITE, readKey: READ });
    const send = (from: number) =>
      app.request('/api/analytics/events', {
        method: 'POST',
        headers: { Authorization: `Bearer ${WRITE}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(batch(from)),
      });
    expect((await send(0)).status).toBe(200);
    await storage.analytics.start();

    let settled = false;
    const held = storage.analytics
      .run('diagnostic:busy', { rows: 1e15 }, { timeoutMs: HOLD_MS })
      .catch((error: unknown) => error)
      .finally(() => (settled = true));
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const answers: number[] = [];
    for (let index = 1; index <= 10; index++) {
      const started = performance.now();
      const response = await send(index * 50);
      expect(response.status).toBe(200);
      answers.push(performance.now() - started);
    }
    delay.disable();
    // All ten answered while the read was still running.
    expect(settled).toBe(false);
    expect(Math.max(...answers)).toBeLessThan(INGEST_BOUND_MS);
    expect(delay.max / 1e6).toBeLessThan(INGEST_BOUND_MS);
    expect(await held).toMatchObject({ status: 503 });
    // The events acknowledged meanwhile are all in the reads once the read is gone.
    expect(
      (await storage.analytics.run('retention', { since: Date.now() - 86_400_000, until: Date.now() + 1000 })).cohorts,
    ).toMatchObject([{ size: 1 }]);
    const status = await app.request('/api/analytics/engine/status', { headers: { Authorization: `Bearer ${READ}` } });
    expect(status.status).toBe(200);
    expect(await status.json()).toMatchObject({
      rows: 550,
      lagEvents: 0,
      skipped: 0,
      watermark: expect.any(Number),
      bytes: expect.any(Number),
    });
  }, 30_000);
});
