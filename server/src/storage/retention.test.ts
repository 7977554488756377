import { afterEach, beforeEach, expect, it } from 'vitest';
import { exportNdjson } from './export-ndjson.ts';
import { purgeExpired } from './retention.ts';
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
    await storage.insertEvents([stored(1, 100), stored(2, 91, 'vital'), stored(3, 89), stored(4, 1, 'vital'), stored(5, 0)]);
  });
  afterEach(() => storage.close());

  it('purges events and vitals older than the retention period', async () => {
    expect(await purgeExpired(storage.db, 90, NOW)).toEqual({ cutoff: NOW - 90 * DAY, events: 2, vitals: 1 });
    expect((await storage.listEvents({ limit: 10 })).events.map((event) => event.id.slice(-1))).toEqual(['5', '4', '3']);
    expect(await storage.db.all('SELECT metric_id FROM vitals')).toEqual([{ metric_id: 'm4' }]);
    await expect(purgeExpired(storage.db, 0, NOW)).rejects.toThrow(/1 or more/);
  });

  it('exports NDJSON oldest first, within a range', async () => {
    const chunks: string[] = [];
    expect(await exportNdjson(storage, (chunk) => void chunks.push(chunk), { since: NOW - 95 * DAY })).toBe(4);
    const lines = chunks.join('').trimEnd().split('\n').map((line) => JSON.parse(line) as StoredEvent);
    expect(lines.map((event) => event.id.slice(-1))).toEqual(['2', '3', '4', '5']);
    expect(lines[1]).toEqual(stored(3, 89));
  });
});
