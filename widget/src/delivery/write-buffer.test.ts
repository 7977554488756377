import { describe, expect, it, vi } from 'vitest';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { memoryOutbox } from './outbox.ts';
import type { Outbox } from './outbox.ts';
import { createWriteBuffer } from './write-buffer.ts';

const event = (): InsightEvent => ({ id: uuidv7(), type: 'track', name: 'x', ts: 1, sessionId: 's', anonymousId: 'a' });

/** A memory outbox that records the size of every `add` call (one call is one transaction in IndexedDB). */
async function countingOutbox() {
  const outbox = await memoryOutbox();
  const adds: number[] = [];
  const counting: Outbox = {
    ...outbox,
    kind: outbox.kind,
    add(items, exempt) {
      adds.push(items.length);
      return outbox.add(items, exempt);
    },
  };
  return { outbox: counting, adds };
}

describe('the write buffer', () => {
  it('writes a burst in slices, one add per slice, and tells after writing', async () => {
    const { outbox, adds } = await countingOutbox();
    const onWritten = vi.fn();
    const buffer = createWriteBuffer({ outbox: async () => outbox, onWritten, sliceSize: 4 });
    for (let index = 0; index < 10; index++) buffer.add(event(), 0, index);
    expect(buffer.size).toBe(10);
    await buffer.settle();
    expect(adds).toEqual([4, 4, 2]);
    expect(await outbox.count()).toBe(10);
    expect(buffer.size).toBe(0);
    expect(onWritten).toHaveBeenCalled();
  });

  it('joins a write already under way instead of starting a second one', async () => {
    const { outbox, adds } = await countingOutbox();
    const buffer = createWriteBuffer({ outbox: async () => outbox, onWritten: () => undefined });
    buffer.add(event(), 0, 0);
    const first = buffer.write();
    expect(buffer.write()).toBe(first);
    await buffer.settle();
    expect(adds).toEqual([1]);
  });

  it('remembers the newest events for page exit, forgets delivered ones and never writes what page exit delivered', async () => {
    const { outbox } = await countingOutbox();
    const buffer = createWriteBuffer({ outbox: async () => outbox, onWritten: () => undefined, exitMemory: 3 });
    const events = Array.from({ length: 5 }, event);
    for (const each of events) buffer.add(each, 0, 0);
    expect(buffer.unacknowledged().map((each) => each.id)).toEqual(events.slice(2).map((each) => each.id));
    buffer.forget([events[2]!.id]);
    buffer.delivered([events[3]!.id, events[0]!.id]);
    expect(buffer.unacknowledged().map((each) => each.id)).toEqual([events[4]!.id]);
    await buffer.settle();
    const stored = (await outbox.peek(10)).map((item) => item.id).sort();
    expect(stored).toEqual([events[1]!.id, events[2]!.id, events[4]!.id].sort());
  });

  it('keeps the JSON the caller made with the item, for the write and page exit, and drops it with the item', () => {
    const buffer = createWriteBuffer({ outbox: async () => memoryOutbox(), onWritten: () => undefined });
    const [kept, delivered, unserialized] = [event(), event(), event()];
    buffer.add(kept, 0, 0, JSON.stringify(kept));
    buffer.add(delivered, 0, 0, JSON.stringify(delivered));
    buffer.add(unserialized, 0, 0);
    buffer.forget([delivered.id]);
    const held = buffer.unacknowledged();
    expect(held.map((item) => item.id)).toEqual([kept.id, unserialized.id]);
    expect(held.map((item) => item.json)).toEqual([JSON.stringify(kept), JSON.stringify(unserialized)]);
    expect(held.map((item) => item.bytes)).toEqual([JSON.stringify(kept).length, JSON.stringify(unserialized).length]);
    // Not on the event: the recent-activity rings keep events for bug reports, and nothing of the item with them.
    expect(Object.keys(kept)).not.toContain('json');
  });

  it('remembers only the newest events for page exit however many came, and keeps what it forgot forgotten', () => {
    const buffer = createWriteBuffer({ outbox: async () => memoryOutbox(), onWritten: () => undefined, exitMemory: 3 });
    const events = Array.from({ length: 20 }, event);
    for (const each of events) buffer.add(each, 0, 0);
    expect(buffer.unacknowledged().map((each) => each.id)).toEqual(events.slice(17).map((each) => each.id));
    buffer.forget([events[18]!.id]);
    buffer.add(events[0]!, 0, 0);
    expect(buffer.unacknowledged().map((each) => each.id)).toEqual([events[19]!.id, events[0]!.id]);
  });

  it('keeps going when a write fails, and clear drops everything held', async () => {
    const { outbox } = await countingOutbox();
    const failing: Outbox = { ...outbox, kind: outbox.kind, add: () => Promise.reject(new Error('quota')) };
    const buffer = createWriteBuffer({ outbox: async () => failing, onWritten: () => undefined });
    buffer.add(event(), 0, 0);
    await expect(buffer.settle()).resolves.toBeUndefined();
    buffer.add(event(), 0, 0);
    buffer.clear();
    expect(buffer.size).toBe(0);
    expect(buffer.unacknowledged()).toEqual([]);
  });
});
