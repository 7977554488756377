import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEventRepository } from '../../storage/event-repository.ts';
import { storageOn } from '../../storage/storage.ts';
import { openPostgresTestSchema } from '../../storage/test-databases.ts';
import type { Storage, StoredEvent } from '../../storage/types.ts';
import { openPostgresRecordSource } from './postgres-record-source.ts';
import type { RecordSource } from './postgres-record-source.ts';

const T0 = Date.UTC(2026, 10, 20);
const event = (index: number, correctedTs = T0 + index * 1000): StoredEvent => ({
  id: `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`,
  type: 'track',
  name: 'Deal Won',
  ts: correctedTs,
  correctedTs,
  receivedAt: T0,
  sessionId: '0190a000-0000-7000-8000-aaaaaaaaaaaa',
  anonymousId: '0190a000-0000-7000-8000-bbbbbbbbbbbb',
  props: { index },
});
const indexes = (rows: { body: string }[]) => rows.map((row) => (JSON.parse(row.body) as StoredEvent).props?.index);

const url = process.env.TEST_DATABASE_URL;
describe.skipIf(!url)(`the PostgreSQL record source${url ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`, () => {
  let storage: Storage;
  let source: RecordSource;
  beforeEach(async () => {
    const { db, schema } = await openPostgresTestSchema(url!);
    storage = await storageOn(db);
    source = openPostgresRecordSource(url!, schema);
  });
  afterEach(async () => {
    await source.close();
    await storage.close();
  });

  it('reads every row once, in seq order, across month partitions, page by page', async () => {
    expect(await source.readAfter(0, 10)).toEqual([]);
    // Months out of order, so seq order and time order differ.
    await storage.insertEvents([
      event(1, Date.UTC(2026, 11, 2)),
      event(2, Date.UTC(2026, 9, 2)),
      event(3, Date.UTC(2027, 0, 2)),
    ]);
    await storage.insertEvents([event(4), event(5)]);
    const first = await source.readAfter(0, 2);
    expect(indexes(first)).toEqual([1, 2]);
    const rest = await source.readAfter(first[1]!.seq, 10);
    expect(indexes(rest)).toEqual([3, 4, 5]);
    expect([...first, ...rest].map((row) => row.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(await source.readAfter(rest[2]!.seq, 10)).toEqual([]);
    await expect(source.readAfter(-1, 10)).rejects.toThrow(RangeError);
  });

  it('never skips a row whose transaction commits after one holding a higher seq', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const lowerInserted = new Promise<void>((resolve) => (inserted = resolve));
    // The lower seq: an ingest transaction (the repository's own insert) that stays open.
    const slow = storage.db.transaction(async (tx) => {
      await createEventRepository(tx).insert([event(1)]);
      inserted();
      await held;
    });
    await lowerInserted;
    // The higher seq, committed first.
    expect(await storage.insertEvents([event(2)])).toEqual({ accepted: 1, duplicates: 0 });
    const committed = await storage.db.all<{ seq: number }>('SELECT seq FROM events');
    expect(committed).toEqual([{ seq: 2 }]);

    const read = source.readAfter(0, 10);
    // The reader waits for the open ingest transaction on the barrier lock instead of returning seq 2 alone.
    await waitUntil(async () =>
      Boolean(
        await storage.db.get(
          "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%pg_advisory_xact_lock(%, hashtext(current_schema()))%'",
        ),
      ),
    );
    release();
    await slow;
    const rows = await read;
    expect(rows.map((row) => row.seq)).toEqual([1, 2]);
    expect(indexes(rows)).toEqual([1, 2]);
  });

  it('skips nothing when an ingest transaction rolls back (its seq is a gap, not a row to wait for)', async () => {
    await expect(
      storage.db.transaction(async (tx) => {
        await createEventRepository(tx).insert([event(1)]);
        throw new Error('client went away');
      }),
    ).rejects.toThrow('client went away');
    await storage.insertEvents([event(2)]);
    const rows = await source.readAfter(0, 10);
    expect(rows.map((row) => row.seq)).toEqual([2]);
    expect(indexes(rows)).toEqual([2]);
  });
});

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the reader never waited on the barrier lock');
}
