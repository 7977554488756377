import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../database.ts';
import { rejectedIds, splitBatch, takeBatch } from './batcher.ts';

const item = (id: string, bytes: number): OutboxItem =>
  ({
    id,
    bytes,
    priority: 0,
    createdAt: 0,
    event: { id, type: 'track', ts: 0, sessionId: id, anonymousId: id },
  }) as OutboxItem;
const items = (sizes: number[]) => sizes.map((bytes, index) => item(`e${index}`, bytes));

describe('takeBatch', () => {
  it.each([
    ['all when under both limits', [10, 10, 10], { maxCount: 5, maxBytes: 1000 }, 3],
    ['stops at the count limit', [10, 10, 10, 10], { maxCount: 2, maxBytes: 1000 }, 2],
    ['stops before the byte limit', [100, 100, 100], { maxCount: 10, maxBytes: 250 }, 2],
    ['takes one oversized item alone', [5000, 10], { maxCount: 10, maxBytes: 1000 }, 1],
    ['nothing from nothing', [], { maxCount: 10, maxBytes: 1000 }, 0],
  ])('%s', (_label, sizes, limits, expected) => {
    const batch = takeBatch(items(sizes), limits);
    expect(batch.map((entry) => entry.id)).toEqual(
      items(sizes)
        .slice(0, expected)
        .map((entry) => entry.id),
    );
  });
});

describe('splitBatch', () => {
  it.each([
    [
      [1, 2, 3, 4],
      [
        [1, 2],
        [3, 4],
      ],
    ],
    [
      [1, 2, 3],
      [[1, 2], [3]],
    ],
    [
      [1, 2],
      [[1], [2]],
    ],
  ])('splits %j into halves', (batch, halves) => {
    expect(splitBatch(batch)).toEqual(halves);
  });
  it('cannot split a single item', () => {
    expect(splitBatch([1])).toBeUndefined();
  });
});

describe('rejectedIds', () => {
  const batch = items([10, 10, 10]);
  it.each([
    ['by id', [{ index: 9, id: 'e1', message: 'bad' }], ['e1']],
    ['by index when the id is unknown', [{ index: 2, id: 'other', message: 'bad' }], ['e2']],
    ['by index without an id', [{ index: 0, message: 'bad' }], ['e0']],
    ['nothing for an index out of range', [{ index: 7, message: 'bad' }], []],
  ])('names items %s', (_label, errors, expected) => {
    expect([...rejectedIds(batch, errors)]).toEqual(expected);
  });
});
