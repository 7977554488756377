import { afterEach, expect, it } from 'vitest';
import { storageOn } from '../../storage/storage.ts';
import { forEachTestDatabase } from '../../storage/test-databases.ts';
import type { Storage } from '../../storage/types.ts';

const HOLD_MS = 6000;

forEachTestDatabase('the rollup reads lane', (open) => {
  let storage: Storage;
  afterEach(() => storage.close());

  it('answers the overview while heavy reads hold every turn and more wait for one', async () => {
    storage = await storageOn(await open(), undefined, { diagnostics: true, concurrency: 1 });
    await storage.analytics.start();
    const settled: boolean[] = [];
    const heavy = [0, 1].map((index) =>
      storage.analytics
        .run('diagnostic:busy', { rows: 1e15 }, { timeoutMs: HOLD_MS })
        .catch((error: unknown) => error)
        .finally(() => (settled[index] = true)),
    );
    const started = performance.now();
    const overview = await storage.analytics.run('overview', { now: Date.now() });
    const took = performance.now() - started;
    expect(overview.last24h.events).toBe(0);
    // Answered while the first heavy read still runs and the second still waits for its turn.
    expect(settled).toEqual([]);
    expect(took).toBeLessThan(HOLD_MS / 2);
    expect(await Promise.all(heavy)).toMatchObject([{ status: 503 }, { status: 503 }]);
  }, 30_000);
});
