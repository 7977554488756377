import type { StoredEvent } from '../../storage/types.ts';

/** The tests' time origin for `testEvent`. */
export const TEST_EVENT_T = Date.UTC(2026, 10, 2);

/** A stored `Deal Won` track event for tests: event `index` has a UUIDv7-shaped id and happens `index` ms after T. */
export const testEvent = (index: number): StoredEvent =>
  ({
    id: `0190a000-0000-7000-8000-${String(index).padStart(12, '0')}`,
    type: 'track',
    name: 'Deal Won',
    ts: TEST_EVENT_T + index,
    correctedTs: TEST_EVENT_T + index,
    receivedAt: TEST_EVENT_T + index,
    sessionId: 's1',
    anonymousId: 'a1',
    props: {},
  }) as StoredEvent;
