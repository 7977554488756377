import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import type { SqlDatabase, SqlValue } from '../storage/sql-database.ts';
import { storageOn } from '../storage/storage.ts';
import { openSqliteDatabase } from '../storage/sqlite.ts';
import { forEachTestDatabase, openPostgresTestSchema } from '../storage/test-databases.ts';
import type { Storage, StoredEvent } from '../storage/types.ts';
import { listReplaySessions } from './replay-sessions.ts';

const NOW = Date.now();

/** `count` replay chunks of one recording of `sessionId`, one every `every` ms up to `lastAt`. */
function chunks(sessionId: string, count: number, lastAt: number, every = 5000): StoredEvent[] {
  const replayId = uuidv7(lastAt - count * every);
  return Array.from({ length: count }, (_, seq) => {
    const ts = lastAt - (count - 1 - seq) * every;
    const props = { replayId, seq, part: 0, final: true, encoding: 'gzip', mode: 'session' };
    return {
      id: uuidv7(ts),
      type: 'replay',
      ts,
      correctedTs: ts,
      receivedAt: ts,
      sessionId,
      anonymousId: sessionId,
      data: 'H4sI',
      props,
    };
  });
}

/**
 * Stores `sessions` sessions of `each` chunks, spread over the 30 days before yesterday whatever their number, so two
 * histories of different sizes span the same months (PostgreSQL's partitions), a batch at a time.
 */
async function storeHistory(storage: Storage, sessions: number, each: number) {
  for (let session = 0; session < sessions; session++) {
    const lastAt = NOW - 86_400_000 - Math.round((session / (sessions - 1)) * 30 * 86_400_000);
    const events = chunks(uuidv7(), each, lastAt, 1000);
    for (let from = 0; from < events.length; from += 2000) await storage.insertEvents(events.slice(from, from + 2000));
  }
}

forEachTestDatabase('the replay sessions list', (open) => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await storageOn(await open());
  });
  afterEach(async () => {
    await storage.close();
  });

  it('lists sessions by their newest chunk (ties by id), with their first and last chunk times and chunk count', async () => {
    const [a, b, c, d] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()].sort();
    await storage.insertEvents([
      ...chunks(c!, 3, NOW - 1000),
      ...chunks(b!, 5, NOW - 1000),
      ...chunks(a!, 2, NOW - 50_000),
      // A session recorded across the others: its newest chunk is the newest of all.
      ...chunks(d!, 40, NOW, 2000),
      { ...chunks(a!, 1, NOW)[0]!, type: 'page', props: {}, data: undefined },
    ]);
    expect(await listReplaySessions(storage.db, 10)).toEqual([
      { sessionId: d, firstAt: NOW - 78_000, lastAt: NOW, chunks: 40 },
      { sessionId: b, firstAt: NOW - 21_000, lastAt: NOW - 1000, chunks: 5 },
      { sessionId: c, firstAt: NOW - 11_000, lastAt: NOW - 1000, chunks: 3 },
      { sessionId: a, firstAt: NOW - 55_000, lastAt: NOW - 50_000, chunks: 2 },
    ]);
    expect((await listReplaySessions(storage.db, 2)).map((session) => session.sessionId)).toEqual([d, b]);
    expect(await listReplaySessions(storage.db, 0)).toEqual([]);
  });
});

/** A database that remembers every statement run through it, with its parameters. */
function recording(db: SqlDatabase) {
  const statements: { sql: string; params: readonly SqlValue[] }[] = [];
  const remember =
    <T>(read: (sql: string, params?: readonly SqlValue[]) => Promise<T>) =>
    (sql: string, params: readonly SqlValue[] = []) => {
      statements.push({ sql, params });
      return read(sql, params);
    };
  return { db: { ...db, get: remember(db.get.bind(db)), all: remember(db.all.bind(db)) } as SqlDatabase, statements };
}

describe('the replay sessions list on sqlite', () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await storageOn(openSqliteDatabase(':memory:'));
    await storeHistory(storage, 20, 1000);
    await storage.insertEvents(Array.from({ length: 5 }, () => chunks(uuidv7(), 3, NOW - 1000)).flat());
    // Newer than them all, so the walk reads past its chunks to find the others.
    await storage.insertEvents(chunks(uuidv7(), 10, NOW, 100));
  }, 60_000);
  afterAll(async () => {
    await storage?.close();
  });

  it('reads only ranges of the replay indexes, never every stored chunk', async () => {
    const { db, statements } = recording(storage.db);
    expect(await listReplaySessions(db, 5)).toHaveLength(5);
    for (const { sql, params } of statements) {
      const plan = await storage.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params);
      const reads = plan.map((step) => step.detail).filter((detail) => /\bevents\b|TEMP B-TREE/.test(detail));
      expect(reads.length).toBeGreaterThan(0);
      for (const read of reads)
        expect(read).toMatch(
          /^(SCAN|SEARCH) events USING COVERING INDEX events_replay_by_time\b|^SEARCH events USING COVERING INDEX events_replay_chunks \(session_id=\?\)/,
        );
    }
    // Two steps of the walk (the busy session's five newest chunks, then the others') and one summary.
    expect(statements).toHaveLength(3);
  });
});

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)(
  `the replay sessions list on postgres${url ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`,
  () => {
    let db: SqlDatabase;
    let storage: Storage;
    beforeAll(async () => {
      ({ db } = await openPostgresTestSchema(url!));
      storage = await storageOn(db);
      await storage.insertEvents(Array.from({ length: 5 }, () => chunks(uuidv7(), 3, NOW)).flat());
    });
    afterAll(async () => {
      await storage?.close();
    });

    /** Rows the scans of the events partitions and their indexes read for the list (sequential or by index), and its answer. */
    const listed = (limit: number) =>
      db.transaction(async (tx) => {
        const read = () =>
          tx
            .get<{ fetched: number }>(
              `SELECT SUM(pg_stat_get_xact_tuples_returned(c.oid)) AS fetched FROM pg_class c
             WHERE c.relkind IN ('r', 'i') AND c.relname LIKE 'events%' AND c.relnamespace = current_schema()::regnamespace`,
            )
            .then((row) => Number(row?.fetched ?? 0));
        const before = await read();
        const sessions = await listReplaySessions(tx, limit);
        return { sessions, rows: (await read()) - before };
      });

    it('reads as many rows with 200 000 older chunks stored as with 20 000', async () => {
      await storeHistory(storage, 20, 1000);
      await db.exec('ANALYZE events');
      const few = await listed(5);
      await storeHistory(storage, 180, 1000);
      await db.exec('ANALYZE events');
      const many = await listed(5);
      expect(many.sessions).toEqual(few.sessions);
      expect(few.rows).toBeLessThan(100);
      expect(many.rows).toBe(few.rows);
    }, 300_000);
  },
);
