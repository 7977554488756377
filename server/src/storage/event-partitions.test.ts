import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALL_MIGRATIONS } from './migration-registry.ts';
import { runMigrations } from './migrations.ts';
import { ensureEventPartitions, listEventPartitions, monthPartition, parseRangeBound } from './event-partitions.ts';
import { purgeExpired } from './retention.ts';
import { storageOn } from './storage.ts';
import { openPostgresTestSchema } from './test-databases.ts';
import type { SqlDatabase } from './sql-database.ts';
import type { Storage, StoredEvent } from './types.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 24, 12);
const event = (index: number, correctedTs: number): StoredEvent => ({
  id: `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`,
  type: 'track',
  name: 'Deal Won',
  ts: correctedTs,
  correctedTs,
  receivedAt: NOW,
  sessionId: '0190a000-0000-7000-8000-aaaaaaaaaaaa',
  anonymousId: '0190a000-0000-7000-8000-bbbbbbbbbbbb',
  props: { index },
});

describe('month partitions (pure parts)', () => {
  it.each([
    [Date.UTC(2026, 10, 24, 12), 'events_p202611', Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)],
    [Date.UTC(2026, 11, 31, 23, 59), 'events_p202612', Date.UTC(2026, 11, 1), Date.UTC(2027, 0, 1)],
    [Date.UTC(2027, 0, 1), 'events_p202701', Date.UTC(2027, 0, 1), Date.UTC(2027, 1, 1)],
  ])('puts %i in %s', (ms, name, from, to) => {
    expect(monthPartition(ms)).toEqual({ name, from, to });
  });

  it('reads the range bounds PostgreSQL prints', () => {
    expect(parseRangeBound("FOR VALUES FROM ('1761955200000') TO ('1764547200000')")).toEqual({
      from: 1761955200000,
      to: 1764547200000,
    });
    expect(parseRangeBound('DEFAULT')).toBeUndefined();
  });
});

const url = process.env.TEST_DATABASE_URL;
describe.skipIf(!url)(
  `time-partitioned events on postgres${url ? '' : ' (skipped: TEST_DATABASE_URL is not set)'}`,
  () => {
    let storage: Storage;
    beforeEach(async () => {
      storage = await storageOn((await openPostgresTestSchema(url!)).db);
    });
    afterEach(() => storage.close());
    const count = async (db: SqlDatabase, table: string) =>
      (await db.get<{ count: number }>(`SELECT COUNT(*) AS count FROM ${table}`))!.count;

    it('creates this month and the next ones at start, and a month on demand for rows that waited in the default partition', async () => {
      const names = (await listEventPartitions(storage.db)).map((partition) => partition.name);
      expect(names).toEqual(expect.arrayContaining([monthPartition(Date.now()).name]));
      await storage.insertEvents([event(1, Date.UTC(2020, 4, 10)), event(2, Date.UTC(2020, 4, 20))]);
      expect(await count(storage.db, 'events_default')).toBe(2);
      expect(await ensureEventPartitions(storage.db, NOW)).toEqual(
        expect.arrayContaining(['events_p202005', 'events_p202610']),
      );
      expect(await count(storage.db, 'events_default')).toBe(0);
      expect(await count(storage.db, 'events_p202005')).toBe(2);
      expect((await storage.listEvents({ limit: 5 })).events.map((stored) => stored.props?.index)).toEqual([2, 1]);
    });

    it('drops whole months older than the retention, deletes rows only in the boundary month, and keeps everything newer', async () => {
      const ages = [200, 150, 120, 95, 91, 89, 30, 1, 0];
      await storage.insertEvents(ages.map((age, index) => event(index + 1, NOW - age * DAY)));
      await ensureEventPartitions(storage.db, NOW);
      const before = (await listEventPartitions(storage.db)).map((partition) => partition.name);
      expect(before).toEqual(
        expect.arrayContaining([
          'events_p202605',
          'events_p202606',
          'events_p202607',
          'events_p202608',
          'events_p202610',
          'events_p202611',
        ]),
      );

      // Cutoff: 90 days before NOW, 26 August 2026. May, June and July go whole; August loses two rows and keeps one.
      const result = await purgeExpired(storage.db, 90, NOW);
      expect(result).toMatchObject({
        cutoff: NOW - 90 * DAY,
        events: 5,
        droppedPartitions: ['events_p202605', 'events_p202606', 'events_p202607'],
      });
      const after = (await listEventPartitions(storage.db)).map((partition) => partition.name);
      expect(after).not.toContain('events_p202607');
      expect(after).toEqual(expect.arrayContaining(['events_p202608', 'events_p202610', 'events_p202611']));
      const kept = (await storage.listEvents({ limit: 20, order: 'asc' })).events.map((stored) => stored.props?.index);
      expect(kept).toEqual([6, 7, 8, 9]);
      // The ids of purged events are forgotten with them; the kept ones still count as duplicates.
      expect(await count(storage.db, 'event_ids')).toBe(4);
      expect(await storage.insertEvents([event(9, NOW), event(1, NOW)])).toEqual({ accepted: 1, duplicates: 1 });
    });

    it('stores an id once even when its deliveries fall in different months', async () => {
      const first = event(1, Date.UTC(2026, 11, 31, 23, 59, 59));
      const retry = { ...first, correctedTs: Date.UTC(2027, 0, 1, 0, 0, 1) };
      expect(await storage.insertEvents([first])).toEqual({ accepted: 1, duplicates: 0 });
      expect(await storage.insertEvents([retry])).toEqual({ accepted: 0, duplicates: 1 });
      const concurrent = await Promise.all([
        storage.insertEvents([event(2, Date.UTC(2026, 11, 5))]),
        storage.insertEvents([event(2, Date.UTC(2027, 1, 5))]),
      ]);
      expect(concurrent.map((answer) => answer.accepted).sort()).toEqual([0, 1]);
      expect(await count(storage.db, 'events')).toBe(2);
      expect(await storage.db.all('SELECT corrected_ts FROM events WHERE id = ?', [first.id])).toEqual([
        { corrected_ts: first.correctedTs },
      ]);
    });

    it('converts an unpartitioned events table, keeping every row and numbering them in time order', async () => {
      const { db } = await openPostgresTestSchema(url!);
      try {
        const before = ALL_MIGRATIONS.filter((migration) => migration.id !== 'events-002-partition-by-month');
        await runMigrations(db, before);
        for (const [index, ts] of [
          [1, Date.UTC(2026, 8, 3)],
          [2, Date.UTC(2026, 6, 9)],
          [3, Date.UTC(2026, 8, 1)],
        ] as const) {
          await db.run(
            'INSERT INTO events (id, type, name, ts, corrected_ts, received_at, session_id, anonymous_id, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
            [event(index, ts).id, 'track', 'Deal Won', ts, ts, ts, 's', 'a', JSON.stringify(event(index, ts))],
          );
        }
        const converted = await storageOn(db);
        expect((await listEventPartitions(db)).map((partition) => partition.name)).toEqual(
          expect.arrayContaining(['events_p202607', 'events_p202609']),
        );
        expect(await db.all('SELECT seq, corrected_ts FROM events ORDER BY seq')).toEqual([
          { seq: 1, corrected_ts: Date.UTC(2026, 6, 9) },
          { seq: 2, corrected_ts: Date.UTC(2026, 8, 1) },
          { seq: 3, corrected_ts: Date.UTC(2026, 8, 3) },
        ]);
        expect(await converted.insertEvents([event(2, NOW), event(4, NOW)])).toEqual({ accepted: 1, duplicates: 1 });
      } finally {
        await db.close();
      }
    });
  },
);
