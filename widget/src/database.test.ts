import { describe, expect, it } from 'vitest';
import type { InsightEvent } from '../../shared/protocol.ts';
import { uuidv7 } from '../../shared/uuid.ts';
import { itemsOf, outboxRecord } from './database.ts';
import type { OutboxItem } from './database.ts';

const item = (attempts?: number): OutboxItem => {
  const event: InsightEvent = {
    id: uuidv7(),
    type: 'track',
    name: 'Deal "Won"',
    ts: 1,
    sessionId: 's',
    anonymousId: 'a',
    props: { note: 'ü\n', nested: { list: [1, null, 'x'] } },
  };
  return { id: event.id, event, bytes: JSON.stringify(event).length, priority: 0, createdAt: 5, attempts };
};

describe('outbox records', () => {
  it('hold the same items whether the events were serialized by the pipeline or not, and never the JSON kept', () => {
    const plain = [item(0), item(2)];
    const known = plain.map((each) => ({ ...each, json: JSON.stringify(each.event) }));
    const unknown = [item(1)];
    const record = outboxRecord([...known, ...unknown]);
    expect(() => JSON.parse(record.items)).not.toThrow();
    expect(itemsOf(record)).toEqual([...plain, ...unknown]);
    expect(itemsOf(record)[0]).not.toHaveProperty('json');
    expect(record).toMatchObject({ id: known[0]!.id, priority: 0, bits: [0, 1] });
  });

  it('keep an item without an attempt count without one', () => {
    const fresh = item();
    expect(itemsOf(outboxRecord([fresh]))[0]).not.toHaveProperty('attempts');
  });
});
