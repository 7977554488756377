import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { exportNdjson } from './export-ndjson.ts';
import { purgeExpired } from './retention.ts';
import { openSqliteDatabase } from './sqlite.ts';
import { storageOn } from './storage.ts';
import { forEachTestDatabase } from './test-databases.ts';
import type { Storage, StoredEvent } from './types.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 24);
const stored = (index: number, ageDays: number, type = 'track'): StoredEvent => ({
  id: `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`,
  type: type as StoredEvent['type'],
  name: type === 'vital' ? 'LCP' : 'Deal Won',
  ts: NOW - ageDays * DAY,
  correctedTs: NOW - ageDays * DAY,
  receivedAt: NOW,
  sessionId: '0190a000-0000-7000-8000-aaaaaaaaaaaa',
  anonymousId: '0190a000-0000-7000-8000-bbbbbbbbbbbb',
  props: type === 'vital' ? { id: `m${index}`, value: 1000, rating: 'good' } : { index },
});

forEachTestDatabase('retention and export', (open) => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await storageOn(await open());
    await storage.insertEvents([
      stored(1, 100),
      stored(2, 91, 'vital'),
      stored(3, 89),
      stored(4, 1, 'vital'),
      stored(5, 0),
    ]);
  });
  afterEach(() => storage.close());

  it('purges events older than the retention period, from the record and then the analytics projection', async () => {
    await storage.analytics.catchUp();
    expect(await purgeExpired(storage.db, 90, NOW)).toEqual({ cutoff: NOW - 90 * DAY, events: 2 });
    expect((await storage.listEvents({ limit: 10 })).events.map((event) => event.id.slice(-1))).toEqual([
      '5',
      '4',
      '3',
    ]);
    expect(await storage.analytics.purge(NOW - 90 * DAY)).toBe(2);
    expect(await storage.analytics.status()).toMatchObject({ rows: 3 });
    await expect(purgeExpired(storage.db, 0, NOW)).rejects.toThrow(/1 or more/);
  });

  it('exports NDJSON oldest first, within a range', async () => {
    const chunks: string[] = [];
    expect(await exportNdjson(storage, (chunk) => void chunks.push(chunk), { since: NOW - 95 * DAY })).toBe(4);
    const lines = chunks
      .join('')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as StoredEvent);
    expect(lines.map((event) => event.id.slice(-1))).toEqual(['2', '3', '4', '5']);
    expect(lines[1]).toEqual(stored(3, 89));
  });
});

it('never purges the newest row on SQLite, so its rowid is never handed out again', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-insights-rowid-'));
  const storage = await storageOn(openSqliteDatabase(join(dir, 'record.sqlite')));
  try {
    await storage.insertEvents([stored(1, 100), stored(2, 200)]);
    expect(await purgeExpired(storage.db, 90, NOW)).toMatchObject({ events: 1 });
    await storage.insertEvents([stored(3, 0)]);
    expect(await storage.db.all('SELECT rowid AS seq FROM events ORDER BY rowid')).toEqual([{ seq: 2 }, { seq: 3 }]);
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
