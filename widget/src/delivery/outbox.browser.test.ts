import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/uuid.ts';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { memoryOutbox, openOutbox, toItem } from './outbox.ts';

const event = (now: number): InsightEvent => ({ id: uuidv7(now), type: 'track', name: 'E', ts: now, sessionId: uuidv7(), anonymousId: uuidv7() });

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
