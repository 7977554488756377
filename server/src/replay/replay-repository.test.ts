import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import { storeLongRecording } from '../../../tests/e2e/replay/long-recording.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { storageOn } from '../storage/storage.ts';
import { openPostgresTestSchema } from '../storage/test-databases.ts';
import type { Storage } from '../storage/types.ts';
import { createReplayRepository } from './replay-repository.ts';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)(`replay chunks on PostgreSQL${url ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, () => {
  let db: SqlDatabase;
  let storage: Storage;
  const long = uuidv7();
  beforeAll(async () => {
    ({ db } = await openPostgresTestSchema(url!));
    storage = await storageOn(db);
    await storeLongRecording(storage, long, 10_000, Date.now());
    for (let other = 0; other < 4; other++) await storeLongRecording(storage, uuidv7(), 1000, Date.now());
    // The statistics autovacuum gathers: with them the planner guesses a few dozen of the session's chunks.
    await db.exec('ANALYZE events');
  }, 120_000);
  afterAll(async () => {
    await storage?.close();
  });

  /** Rows the indexes of the events partitions gave their scans in this transaction. */
  const rowsFetched = (tx: SqlDatabase) =>
    tx
      .get<{ fetched: number }>(
        `SELECT SUM(pg_stat_get_xact_tuples_fetched(c.oid)) AS fetched FROM pg_class c
         WHERE c.relkind = 'i' AND c.relname LIKE 'events%' AND c.relnamespace = current_schema()::regnamespace`,
      )
      .then((row) => Number(row?.fetched ?? 0));

  it('reads a page of a long recording, and finds the recording, without going through all its chunks', async () => {
    await db.transaction(async (tx) => {
      const chunks = createReplayRepository(tx).chunksOf(long);
      const replayId = (await chunks.nextRecording(''))!;
      const before = await rowsFetched(tx);
      expect(await chunks.nextRecording(replayId)).toBeUndefined();
      const page = await chunks.chunkPage(replayId, { seq: 5000, after: true }, 32);
      expect(page.map((row) => row.seq)).toEqual(Array.from({ length: 32 }, (_, index) => 5001 + index));
      expect((await rowsFetched(tx)) - before).toBeLessThan(200);
    });
  });
});
