import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { DATABASE_NAME, openDatabase } from '../database.ts';
import type { DatabaseEvents, InsightsSchema } from '../database.ts';
import { openOutbox, toItem } from './outbox.ts';
import { isOutboxItem } from './outbox-store.ts';
import type { DropReason } from './outbox.ts';

let clock = 1_700_000_000_000;
const item = (type: InsightEvent['type'] = 'track', priority = 0) => {
  clock += 1;
  const event: InsightEvent = { id: uuidv7(clock), type, ts: clock, sessionId: uuidv7(), anonymousId: uuidv7() };
  return toItem(event, priority, clock);
};

function dropLog() {
  const drops: Partial<Record<DropReason, number>> = {};
  return { drops, onDrop: (reason: DropReason, count: number) => (drops[reason] = (drops[reason] ?? 0) + count) };
}

/** An outbox on real (fake-indexeddb) storage that may reopen 1 s after losing its connection; `events` has each open's callbacks. */
async function reopeningOutbox() {
  const events: DatabaseEvents[] = [];
  const time = { now: 0 };
  const outbox = await openOutbox({
    open: (callbacks) => {
      events.push(callbacks);
      return openDatabase(callbacks);
    },
    reopenDelay: 1000,
    now: () => time.now,
  });
  return { outbox, events, time };
}

beforeEach(async () => {
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(DATABASE_NAME);
    request.onsuccess = request.onerror = request.onblocked = () => resolve();
  });
});

describe('the outbox on IndexedDB', () => {
  it('keeps items across reopening, as a reload would', async () => {
    const first = await openOutbox();
    const items = [item(), item()];
    await first.add(items);
    const second = await openOutbox();
    expect(second.kind).toBe('indexeddb');
    expect((await second.peek(10)).map((entry) => entry.id)).toEqual(items.map((entry) => entry.id));
  });

  it('drops the lowest priority first, oldest first, within the item limit, and counts the drops', async () => {
    const { drops, onDrop } = dropLog();
    const outbox = await openOutbox({ limits: { maxItems: 3, maxBytes: 1_000_000 }, onDrop });
    const report = item('bug_report', 2);
    const error = item('error', 1);
    const analytics = [item(), item(), item()];
    await outbox.add([report, error, analytics[0]!]);
    await outbox.add(analytics.slice(1));
    expect((await outbox.peek(10)).map((entry) => entry.id).sort()).toEqual(
      [report.id, error.id, analytics[2]!.id].sort(),
    );
    expect(drops).toEqual({ overflow: 2 });
  });

  it('reads and drops across more records than one read holds, oldest first', async () => {
    const { drops, onDrop } = dropLog();
    const outbox = await openOutbox({ limits: { maxItems: 12, maxBytes: 1_000_000 }, onDrop });
    // One write each, so one record each: 20 records, priorities 0 and 1 in turn, held past the limit for now.
    const items = Array.from({ length: 20 }, (_, index) => item('track', index % 2));
    for (const one of items) await outbox.add([one], true);
    const ids = (list: { id: string }[]) => list.map((entry) => entry.id);
    expect(ids(await outbox.peek(100))).toEqual(ids(items));
    expect(ids(await outbox.peek(9))).toEqual(ids(items.slice(0, 9)));
    // The next write finds 21 items: the nine oldest of priority 0 go, read from the priority index in two pages.
    const last = item('track', 1);
    await outbox.add([last]);
    expect(drops).toEqual({ overflow: 9 });
    expect(ids(await outbox.peek(100))).toEqual(
      ids([...items.filter((one, index) => one.priority === 1 || index === 18), last]),
    );
  });

  it('takes the item limit alone and keeps the default byte limit (as delivery passes `maxQueueItems` alone)', async () => {
    const { drops, onDrop } = dropLog();
    const outbox = await openOutbox({ limits: { maxItems: 2, maxBytes: undefined }, onDrop });
    const items = [item(), item(), item()];
    await outbox.add(items);
    expect((await outbox.peek(10)).map((entry) => entry.id)).toEqual(items.slice(1).map((entry) => entry.id));
    expect(drops).toEqual({ overflow: 1 });
  });

  it('takes the byte limit alone and keeps the default item limit', async () => {
    const { drops, onDrop } = dropLog();
    const items = [item(), item(), item()];
    const outbox = await openOutbox({ limits: { maxBytes: items[0]!.bytes * 2 }, onDrop });
    await outbox.add(items);
    expect((await outbox.peek(10)).map((entry) => entry.id)).toEqual(items.slice(1).map((entry) => entry.id));
    expect(drops).toEqual({ overflow: 1 });
  });

  it('holds the item limit over what every tab wrote, dropping the oldest wherever it was written', async () => {
    const { drops, onDrop } = dropLog();
    const limits = { maxItems: 3, maxBytes: 1_000_000 };
    const first = await openOutbox({ limits, onDrop });
    const second = await openOutbox({ limits, onDrop });
    const older = [item(), item()];
    const newer = [item(), item()];
    await first.add(older);
    await second.add(newer);
    expect(await first.count()).toBe(3);
    expect((await first.peek(10)).map((entry) => entry.id)).toEqual([older[1]!.id, ...newer.map((entry) => entry.id)]);
    expect(drops).toEqual({ overflow: 1 });
  });

  it('keeps within the byte limit', async () => {
    const { drops, onDrop } = dropLog();
    const one = item();
    const outbox = await openOutbox({ limits: { maxItems: 100, maxBytes: one.bytes * 2 + 10 }, onDrop });
    await outbox.add([one, item(), item(), item()]);
    expect(await outbox.count()).toBe(2);
    expect(drops).toEqual({ overflow: 2 });
  });

  it('drops nothing in a tab whose written items another tab sent: its byte tally is checked against the store', async () => {
    const { drops, onDrop } = dropLog();
    const limits = { maxItems: 1000, maxBytes: item().bytes * 5 };
    const writer = await openOutbox({ limits, onDrop });
    const sender = await openOutbox({ limits, onDrop });
    // A background tab writes all day; the tab that sends removes what it wrote. Far more bytes than the limit pass.
    for (let round = 0; round < 10; round++) {
      await writer.add([item(), item()]);
      await sender.remove((await sender.peek(10)).map((entry) => entry.id));
    }
    const last = [item(), item(), item()];
    await writer.add(last);
    expect(drops).toEqual({});
    expect((await sender.peek(10)).map((entry) => entry.id)).toEqual(last.map((entry) => entry.id));
  });

  it('keeps a burst written together in one record, and counts, sends and removes its events one by one', async () => {
    const outbox = await openOutbox();
    const burst = Array.from({ length: 1000 }, () => item());
    await outbox.add([...burst, item('error', 1)]);
    const raw = await openDB<InsightsSchema>(DATABASE_NAME);
    expect((await raw.getAll('outbox')).map((record) => (JSON.parse(record.items) as unknown[]).length).sort()).toEqual(
      [1, 1000],
    );
    raw.close();
    expect(await outbox.count()).toBe(1001);
    const oldest = await outbox.peek(300);
    expect(oldest.map((entry) => entry.id)).toEqual(burst.slice(0, 300).map((entry) => entry.id));
    await outbox.update(oldest.map((entry) => ({ ...entry, attempts: 1 })));
    await outbox.remove(oldest.slice(0, 100).map((entry) => entry.id));
    expect(await outbox.count()).toBe(901);
    const left = await outbox.peek(10_000);
    expect(new Set(left.map((entry) => entry.id)).size).toBe(901);
    expect(left.filter((entry) => entry.attempts === 1)).toHaveLength(200);
  });

  it('upgrades a version 2 outbox, one item per record, without losing or doubling an item', async () => {
    const legacy = [item(), item('error', 1)];
    const old = await openDB(DATABASE_NAME, 2, {
      upgrade(db) {
        db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('by-priority', ['priority', 'id']);
      },
    });
    for (const entry of legacy) await old.put('outbox', entry);
    old.close();
    const outbox = await openOutbox();
    expect(outbox.kind).toBe('indexeddb');
    expect(await outbox.count()).toBe(2);
    expect((await outbox.peek(10)).map((entry) => entry.id)).toEqual(legacy.map((entry) => entry.id));
    await outbox.remove([legacy[0]!.id]);
    expect((await outbox.peek(10)).map((entry) => entry.id)).toEqual([legacy[1]!.id]);
  });

  it('skips and counts corrupt records instead of throwing', async () => {
    const { drops, onDrop } = dropLog();
    const outbox = await openOutbox({ onDrop });
    const good = item();
    await outbox.add([good]);
    const raw = await openDB(DATABASE_NAME);
    await raw.put('outbox', { id: '00000000-0000-7000-8000-000000000000', event: 'garbage' });
    // Records in the current shape whose items are not JSON, or not a list.
    await raw.put('outbox', { id: '00000000-0000-7000-8000-000000000001', priority: 0, bits: [0], items: '[{"id":' });
    await raw.put('outbox', { id: '00000000-0000-7000-8000-000000000002', priority: 0, bits: [0], items: '{}' });
    raw.close();
    expect((await outbox.peek(10)).map((entry) => entry.id)).toEqual([good.id]);
    expect(drops).toEqual({ corrupt: 3 });
    expect(await outbox.count()).toBe(1);
  });

  it('after a reopen, still finds the records of items it wrote before, without reading them (as page exit does)', async () => {
    const { outbox, events, time } = await reopeningOutbox();
    const burst = [item(), item(), item()];
    await outbox.add(burst);
    events[0]!.terminated!();
    time.now = 2000;
    await outbox.remove([burst[1]!.id, burst[2]!.id]);
    expect(events).toHaveLength(2);
    expect(await outbox.count()).toBe(1);
    expect((await outbox.peek(10)).map((entry) => entry.id)).toEqual([burst[0]!.id]);
  });

  it('in memory, records a send attempt only on items still there: one removed meanwhile does not come back', async () => {
    const outbox = await openOutbox({ open: () => Promise.reject(new Error('IndexedDB is not available')) });
    const [sent, kept] = [item(), item()];
    await outbox.add([sent, kept]);
    const batch = (await outbox.peek(10)).map((entry) => ({ ...entry, attempts: 1 }));
    await outbox.remove([sent.id]);
    await outbox.update(batch);
    expect((await outbox.peek(10)).map((entry) => [entry.id, entry.attempts])).toEqual([[kept.id, 1]]);
  });

  it('falls back to memory when IndexedDB is missing, and still keeps items', async () => {
    const outbox = await openOutbox({ open: () => Promise.reject(new Error('IndexedDB is not available')) });
    expect(outbox.kind).toBe('memory');
    const items = [item(), item()];
    await outbox.add(items);
    expect((await outbox.peek(10)).map((entry) => entry.id)).toEqual(items.map((entry) => entry.id));
  });

  it('uses memory while an upgrade in another tab blocks the open', async () => {
    vi.useFakeTimers();
    const opening = openOutbox({ open: () => new Promise(() => undefined), openTimeout: 3000 });
    await vi.advanceTimersByTimeAsync(3000);
    const outbox = await opening;
    vi.useRealTimers();
    expect(outbox.kind).toBe('memory');
    await outbox.add([item()]);
    expect(await outbox.count()).toBe(1);
  });

  it('keeps items in memory when a write is over quota, without throwing', async () => {
    let database: IDBDatabase | undefined;
    const outbox = await openOutbox({
      open: async (events: DatabaseEvents) => (database = await openDatabase(events)),
    });
    const quota = new DOMException('quota', 'QuotaExceededError');
    const put = vi.spyOn(database!, 'transaction').mockImplementation(() => {
      throw quota;
    });
    const kept = item();
    await expect(outbox.add([kept])).resolves.toBeUndefined();
    put.mockRestore();
    expect(outbox.kind).toBe('indexeddb');
    expect((await outbox.peek(10)).map((entry) => entry.id)).toEqual([kept.id]);
  });

  it('reopens after the browser closed the connection under it', async () => {
    const { outbox, events, time } = await reopeningOutbox();
    const before = item();
    await outbox.add([before]);
    events[0]!.terminated!();
    expect(outbox.kind).toBe('memory');
    time.now = 2000;
    const after = item();
    await outbox.add([after]);
    expect(outbox.kind).toBe('indexeddb');
    expect(events).toHaveLength(2);
    expect((await outbox.peek(10)).map((entry) => entry.id)).toEqual([before.id, after.id]);
  });
});

describe('what counts as a stored item', () => {
  it('is an item with its event; anything else read from storage, primitives and null included, is not', () => {
    const valid = item();
    expect(isOutboxItem(valid)).toBe(true);
    const broken = [
      null,
      undefined,
      7,
      'garbage',
      [],
      {},
      { ...valid, event: null },
      { ...valid, event: 'garbage' },
      { ...valid, bytes: '1' },
    ];
    broken.push(
      { ...valid, event: { ...valid.event, id: 'another' } },
      { ...valid, event: { ...valid.event, ts: undefined } },
    );
    expect(broken.filter(isOutboxItem)).toEqual([]);
  });
});
