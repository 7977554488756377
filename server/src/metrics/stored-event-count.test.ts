import { afterEach, expect, it } from 'vitest';
import { storageOn } from '../storage/storage.ts';
import { testEvent } from '../analytics/engine/test-event.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import type { Storage } from '../storage/types.ts';
import { storedEventCount } from './stored-event-count.ts';

const event = testEvent;

forEachTestDatabase('the stored-event count', (open) => {
  let storage: Storage | undefined;
  afterEach(async () => storage?.close());

  it('counts the projected rows and the ones the projection has yet to take in, in the analytics worker', async () => {
    // Polling far apart: the last three rows stay outside the projection during the test.
    storage = await storageOn(await open(), undefined, { pollMs: 600_000 });
    await storage.insertEvents([1, 2, 3, 4, 5].map(event));
    await storage.analytics.catchUp();
    await storage.insertEvents([6, 7, 8, 3].map(event));
    expect(await storage.analytics.status()).toMatchObject({ rows: 5, lagEvents: 3 });
    expect(await storedEventCount(storage)).toBe(8);
    // A worker thread's start (DuckDB's and PostgreSQL's connections) takes seconds on a busy machine.
  }, 30_000);
});
