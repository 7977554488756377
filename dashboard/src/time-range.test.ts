import { describe, expect, it } from 'vitest';
import { rangeFromParams } from './time-range.ts';

const NOW = Date.parse('2026-12-06T05:00:30Z');
const MINUTE_AFTER = Date.parse('2026-12-06T05:01:00Z');

describe('rangeFromParams', () => {
  it.each([
    ['', { key: '7d', since: MINUTE_AFTER - 7 * 86_400_000, until: MINUTE_AFTER }],
    ['range=24h', { key: '24h', since: MINUTE_AFTER - 86_400_000, until: MINUTE_AFTER }],
    ['range=30d', { key: '30d', since: MINUTE_AFTER - 30 * 86_400_000, until: MINUTE_AFTER }],
    [
      'range=custom&since=2026-11-01&until=2026-11-30',
      { key: 'custom', since: Date.parse('2026-11-01T00:00:00Z'), until: Date.parse('2026-12-01T00:00:00Z') },
    ],
    ['range=custom&since=1000&until=2000', { key: 'custom', since: 1000, until: 2000 }],
    ['range=custom&since=2026-11-01', { error: 'a custom range needs since and until dates (YYYY-MM-DD)' }],
    ['range=custom&since=2026-11-05&until=2026-11-01', { error: 'the custom range must start before it ends' }],
    ['range=1y', { error: 'unknown range "1y": choose 24h, 7d, 30d or custom' }],
  ])('%s', (query, expected) => {
    expect(rangeFromParams(new URLSearchParams(query), NOW)).toEqual(expected);
  });
});
