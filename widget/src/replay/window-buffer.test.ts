import { describe, expect, it } from 'vitest';
import { trimToWindow } from './window-buffer.ts';

const segments = (...starts: number[]) => starts.map((startedAt) => ({ startedAt, events: [startedAt] }));

describe('trimToWindow', () => {
  it.each([
    { starts: [], now: 100, kept: [] },
    { starts: [0], now: 1000, kept: [0] },
    // At 70 s with checkouts every 30 s, the window [10 s, 70 s] needs the segment that began at 0.
    { starts: [0, 30_000, 60_000], now: 70_000, kept: [0, 30_000, 60_000] },
    // At 95 s the segment from 30 s starts the window [35 s, 95 s]; the one from 0 can go.
    { starts: [0, 30_000, 60_000, 90_000], now: 95_000, kept: [30_000, 60_000, 90_000] },
    // A segment starting exactly at the window's edge is enough on its own.
    { starts: [0, 30_000, 60_000], now: 90_000, kept: [30_000, 60_000] },
    // A long quiet page: the one segment there is stays, however old.
    { starts: [0], now: 10_000_000, kept: [0] },
  ])('at $now keeps segments starting $kept', ({ starts, now, kept }) => {
    expect(trimToWindow(segments(...starts), now, 60_000).map((segment) => segment.startedAt)).toEqual(kept);
  });
});
