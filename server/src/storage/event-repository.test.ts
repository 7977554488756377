import { afterEach, beforeEach, expect, it } from 'vitest';
import { runMigrations } from './migrations.ts';
import { storageOn } from './storage.ts';
import { forEachTestDatabase } from './test-databases.ts';
import type { Storage, StoredEvent } from './types.ts';

const T0 = 1_700_000_000_000;
const SESSION = '0190a000-0000-7000-8000-000000000001';

const stored = (index: number, patch: Partial<StoredEvent> = {}): StoredEvent => ({
  id: `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`,
  type: 'track',
  name: 'Deal Won',
  ts: T0 + index * 1000,
  correctedTs: T0 + index * 1000,
  receivedAt: T0 + 60_000,
  sessionId: SESSION,
  anonymousId: SESSION,
  props: { value: index },
  ...patch,
});

forEachTestDatabase('event storage', (open) => {
  let storage: Storage;
  beforeEach(async () => {
    storage = await storageOn(await open());
  });
  afterEach(() => storage.close());

  it('stores each id once and counts the duplicates', async () => {
    expect(await storage.insertEvents([stored(1), stored(2)])).toEqual({ accepted: 2, duplicates: 0 });
    expect(await storage.insertEvents([stored(2), stored(3)])).toEqual({ accepted: 1, duplicates: 1 });
    const page = await storage.listEvents({ limit: 10 });
    expect(page.events.map((event) => event.props?.value)).toEqual([3, 2, 1]);
  });

  it('stores a batch larger than one statement, counting repeats within it', async () => {
    const batch = Array.from({ length: 250 }, (_, index) => stored(index + 1));
    expect(await storage.insertEvents([...batch, stored(7), stored(180)])).toEqual({ accepted: 250, duplicates: 2 });
    const counted = await storage.db.get<{ count: number }>('SELECT COUNT(*) AS count FROM events');
    expect(counted?.count).toBe(250);
  });

  it('stores concurrent batches each id once, counting them as if stored one after another', async () => {
    await storage.insertEvents([stored(1)]);
    const answers = await Promise.all([
      storage.insertEvents([stored(1), stored(2), stored(2), stored(3)]),
      storage.insertEvents([stored(3), stored(4)]),
      storage.insertEvents([stored(4), stored(2)]),
    ]);
    expect(answers).toEqual([
      { accepted: 2, duplicates: 2 },
      { accepted: 1, duplicates: 1 },
      { accepted: 0, duplicates: 2 },
    ]);
    const page = await storage.listEvents({ limit: 10 });
    expect(page.events.map((event) => event.props?.value)).toEqual([4, 3, 2, 1]);
  });

  it('keeps the vital sent last when concurrent batches report the same metric', async () => {
    const vital = (index: number, value: number) =>
      stored(index, {
        type: 'vital',
        name: 'CLS',
        page: { url: 'https://crm.test/', path: '/' },
        props: { id: 'v5-2', value },
      });
    await Promise.all([
      storage.insertEvents([vital(1, 0.1)]),
      storage.insertEvents([vital(2, 0.2)]),
      storage.insertEvents([vital(3, 0.3)]),
    ]);
    const { vitals } = await storage.analytics.run('vitals', { since: 0, until: T0 + 60_000 });
    expect(vitals).toEqual([expect.objectContaining({ path: '/', metric: 'CLS', count: 1, p75: 0.3 })]);
  });

  it('stores text with quotes, backslashes, braces, control characters and the word NULL exactly, a missing name as null', async () => {
    // PostgreSQL gets each column as an array literal, where these characters are the syntax.
    const tricky = stored(1, {
      name: 'NULL',
      userId: 'a "quoted", {braced} \\ user',
      props: { text: 'say "hi"\\n\\, {1,2}', nested: { value: 'NULL', empty: '' } },
    });
    const nameless = stored(2, { type: 'page', name: undefined, userId: undefined });
    // Control characters and characters beyond the BMP (surrogate pairs) take the other way of quoting.
    const unusual = stored(3, { name: 'line\nbreak\ttab 😀 é', userId: 'ends with \\' });
    expect(await storage.insertEvents([tricky, nameless, unusual])).toEqual({ accepted: 3, duplicates: 0 });
    const page = await storage.listEvents({ limit: 5, order: 'asc' });
    expect(page.events).toEqual([tricky, { ...nameless }, unusual]);
    const rows = await storage.db.all<{ name: string | null; user_id: string | null }>(
      'SELECT name, user_id FROM events ORDER BY corrected_ts',
    );
    expect(rows).toEqual([
      { name: 'NULL', user_id: tricky.userId },
      { name: null, user_id: null },
      { name: unusual.name, user_id: unusual.userId },
    ]);
  });

  it('filters and pages with cursors in both directions', async () => {
    await storage.insertEvents(
      [1, 2, 3, 4, 5].map((index) => stored(index, index === 3 ? { type: 'page', userId: 'u3' } : {})),
    );
    const first = await storage.listEvents({ type: 'track', limit: 2 });
    expect(first.events.map((event) => event.props?.value)).toEqual([5, 4]);
    const second = await storage.listEvents({ type: 'track', limit: 2, cursor: first.nextCursor });
    expect(second.events.map((event) => event.props?.value)).toEqual([2, 1]);
    expect(second.nextCursor).toBeUndefined();
    const ascending = await storage.listEvents({ sessionId: SESSION, limit: 3, order: 'asc', since: T0 + 2000 });
    expect(ascending.events.map((event) => event.props?.value)).toEqual([2, 3, 4]);
    const rest = await storage.listEvents({
      sessionId: SESSION,
      limit: 3,
      order: 'asc',
      since: T0 + 2000,
      cursor: ascending.nextCursor,
    });
    expect(rest.events.map((event) => event.props?.value)).toEqual([5]);
    expect((await storage.listEvents({ userId: 'u3', limit: 5 })).events).toHaveLength(1);
    expect((await storage.listEvents({ until: T0 + 2000, limit: 5 })).events.map((event) => event.id)).toEqual([
      stored(1).id,
    ]);
  });

  it('keeps one vitals value per metric id, the last value winning', async () => {
    const vital = (index: number, value: number, rating: string) =>
      stored(index, {
        type: 'vital',
        name: 'LCP',
        page: { url: 'https://crm.test/deals', path: '/deals' },
        props: { id: 'v5-1', value, rating },
      });
    await storage.insertEvents([vital(1, 1800, 'good'), vital(2, 2900, 'needs-improvement')]);
    const { vitals } = await storage.analytics.run('vitals', { since: 0, until: T0 + 60_000 });
    expect(vitals).toEqual([
      { path: '/deals', metric: 'LCP', count: 1, p75: 2900, good: 0, needsImprovement: 1, poor: 0 },
    ]);
  });

  it('rolls a failed transaction back and applies each migration once', async () => {
    await expect(
      storage.db.transaction(async (tx) => {
        await tx.run('INSERT INTO error_groups (fingerprint, status, status_changed_at) VALUES (?, ?, ?)', [
          'f1',
          'open',
          T0,
        ]);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await storage.db.all('SELECT * FROM error_groups')).toEqual([]);
    expect(await runMigrations(storage.db, [{ id: 'events-001-create', sql: 'SELECT nonsense FROM nowhere' }])).toEqual(
      [],
    );
    await expect(
      runMigrations(storage.db, [
        { id: 'x', sql: 'SELECT 1' },
        { id: 'x', sql: 'SELECT 1' },
      ]),
    ).rejects.toThrow(/registered twice/);
    const counted = await storage.db.get<{ count: number }>('SELECT COUNT(*) AS count FROM schema_migrations');
    expect(counted?.count).toBeGreaterThanOrEqual(3);
  });

  it('answers the same placeholders with quoted question marks left alone', async () => {
    await storage.insertEvents([stored(1, { name: 'why?' })]);
    const row = await storage.db.get<{ name: string; mark: string }>(
      "SELECT name, '?' AS mark FROM events WHERE name = ?",
      ['why?'],
    );
    expect(row).toEqual({ name: 'why?', mark: '?' });
  });
});
