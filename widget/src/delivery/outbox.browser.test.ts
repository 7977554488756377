import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { DATABASE_NAME } from '../database.ts';
import { memoryOutbox, openOutbox, toItem } from './outbox.ts';

const event = (now: number): InsightEvent => ({
  id: uuidv7(now),
  type: 'track',
  name: 'E',
  ts: now,
  sessionId: uuidv7(),
  anonymousId: uuidv7(),
});

describe.each([
  ['IndexedDB in Chromium', () => openOutbox(), 'indexeddb'],
  ['memory', () => memoryOutbox(), 'memory'],
])('the %s outbox', (_label, open, kind) => {
  it('keeps items until removed, oldest first', async () => {
    const outbox = await open();
    expect(outbox.kind).toBe(kind);
    await outbox.remove((await outbox.peek(10_000)).map((item) => item.id));
    const events = [event(3000), event(1000), event(2000)];
    await outbox.add(events.map((item) => toItem(item, 0, 0)));
    expect(await outbox.count()).toBe(3);
    const oldest = await outbox.peek(2);
    expect(oldest.map((item) => item.event.ts)).toEqual([1000, 2000]);
    await outbox.remove(oldest.map((item) => item.id));
    expect((await outbox.peek(10)).map((item) => item.event)).toEqual([events[0]]);
  });
});

/** Deletes the widget's database; open outboxes close their connections when asked (their `blocking` callback). */
function deleteDatabase(): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DATABASE_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

/** `count` items of one priority, ids in creation order. */
let clock = 1_700_000_000_000;
const items = (count: number, priority = 0) =>
  Array.from({ length: count }, () => toItem(event(++clock), priority, clock));
const ids = (list: readonly { id: string }[]) => list.map((item) => item.id);

describe('the IndexedDB outbox in Chromium, shared by tabs', () => {
  it('removes and updates, from another connection, part of the items one connection wrote together', async () => {
    await deleteDatabase();
    const writer = await openOutbox();
    const sender = await openOutbox();
    const burst = items(300);
    const errors = items(3, 1);
    await writer.add([...burst, ...errors]);
    expect(await sender.count()).toBe(303);
    // The sender reads what it sends, as the leader tab does: a batch of 50 out of the writer's record of 300. It
    // changes and removes items other than the first, whose id is the record's key (where a lookup would fall back).
    const batch = await sender.peek(50);
    expect(ids(batch)).toEqual(ids(burst.slice(0, 50)));
    await sender.update(batch.slice(1).map((item) => ({ ...item, attempts: 1 })));
    await sender.remove(ids(batch.slice(20)));
    expect(await writer.count()).toBe(273);
    // The writer removes its own items without reading them (what its page-exit beacon delivered), some already gone.
    await writer.remove([...ids(burst.slice(10, 30)), ...ids(burst.slice(290)), errors[1]!.id]);
    const left = await sender.peek(10_000);
    const expected = [...burst.slice(0, 10), ...burst.slice(50, 290), errors[0]!, errors[2]!];
    expect(ids(left).sort()).toEqual(ids(expected).sort());
    expect(left.filter((item) => item.attempts === 1).map((item) => item.id)).toEqual(ids(burst.slice(1, 10)));
    expect(await writer.count()).toBe(252);
    expect(await sender.count()).toBe(252);
    // Emptied from the other side, record by record, the outbox counts nothing and holds no empty records.
    await writer.remove(ids(left));
    expect(await sender.count()).toBe(0);
    const raw = await openDB(DATABASE_NAME);
    expect(await raw.count('outbox')).toBe(0);
    raw.close();
  });

  it('upgrades a version 3 outbox, records indexed by every event id, without losing or doubling an item', async () => {
    await deleteDatabase();
    const burst = items(120);
    const error = items(1, 1);
    const old = await openDB(DATABASE_NAME, 3, {
      upgrade(db) {
        const outbox = db.createObjectStore('outbox', { keyPath: 'id' });
        outbox.createIndex('by-priority', ['priority', 'id']);
        outbox.createIndex('by-event', 'ids', { multiEntry: true });
      },
    });
    const corrupt = { id: '00000000-0000-7000-8000-000000000000', event: 'garbage' };
    for (const list of [burst, error])
      await old.put('outbox', { id: list[0]!.id, priority: list[0]!.priority, ids: ids(list), items: list });
    await old.put('outbox', corrupt);
    old.close();

    const drops: string[] = [];
    const outbox = await openOutbox({ onDrop: (reason, count) => drops.push(`${reason} ${count}`) });
    expect(outbox.kind).toBe('indexeddb');
    const raw = await openDB(DATABASE_NAME);
    expect([...raw.transaction('outbox').store.indexNames].sort()).toEqual(['by-count-bit', 'by-priority']);
    raw.close();
    // The corrupt record becomes a record of one invalid item: counted, then dropped (and counted) when read.
    expect(await outbox.count()).toBe(122);
    expect(ids(await outbox.peek(200))).toEqual(ids([...burst, ...error]));
    expect(drops).toEqual(['corrupt 1']);
    expect(await outbox.count()).toBe(121);
    // Items in the middle of a version 3 record are found through what the peek read.
    await outbox.remove(ids(burst.slice(40, 60)));
    expect(await outbox.count()).toBe(101);
    expect(ids(await outbox.peek(200))).toEqual(ids([...burst.slice(0, 40), ...burst.slice(60), ...error]));
  });

  it('reads and drops across more records than one read holds, by id and by the priority index', async () => {
    await deleteDatabase();
    const drops: number[] = [];
    const outbox = await openOutbox({
      limits: { maxItems: 12, maxBytes: 1_000_000 },
      onDrop: (_reason, count) => drops.push(count),
    });
    // One write each, so one record each: 20 records, priorities 0 and 1 in turn, held past the limit for now.
    const written = Array.from({ length: 20 }, (_, index) => items(1, index % 2)[0]!);
    for (const one of written) await outbox.add([one], true);
    expect(ids(await outbox.peek(100))).toEqual(ids(written));
    expect(ids(await outbox.peek(9))).toEqual(ids(written.slice(0, 9)));
    // 21 items: the nine oldest of priority 0 go, read from the `by-priority` index in two pages.
    const last = items(1, 1);
    await outbox.add(last);
    expect(drops).toEqual([9]);
    expect(ids(await outbox.peek(100))).toEqual(
      ids([...written.filter((one, index) => one.priority === 1 || index === 18), ...last]),
    );
  });
});
