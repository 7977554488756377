import { describe, expect, it } from 'vitest';
import { bucketTime, pivot, totals, widen } from './pivot.ts';

const rows = [
  { hour: '2026-12-01T10:00:00.000Z', name: 'a', n: 2 },
  { hour: '2026-12-01T10:00:00.000Z', name: 'a', n: 3 },
  { hour: '2026-12-01T11:00:00.000Z', name: 'b', n: 1 },
  { hour: '2026-12-01T09:00:00.000Z', name: 'b', n: 4 },
];

describe('pivot', () => {
  it("aligns every series on the sorted buckets, sums a bucket's rows and leaves gaps as null", () => {
    const { times, series } = pivot(
      rows,
      (row) => row.hour,
      (row) => row.name,
      (row) => row.n,
    );
    expect(times).toEqual([
      Date.parse('2026-12-01T09:00:00Z'),
      Date.parse('2026-12-01T10:00:00Z'),
      Date.parse('2026-12-01T11:00:00Z'),
    ]);
    expect(series.map((each) => [each.label, each.values])).toEqual([
      ['a', [null, 5, null]],
      ['b', [4, null, 1]],
    ]);
    expect(new Set(series.map((each) => each.color)).size).toBe(2);
  });

  it('keeps the largest series when there are more than the limit', () => {
    expect(
      pivot(
        rows,
        (row) => row.hour,
        (row) => row.name,
        (row) => row.n,
        1,
      ).series.map((each) => each.label),
    ).toEqual(['a']);
  });

  it('reads a day as UTC midnight', () => {
    expect(bucketTime('2026-12-01')).toBe(Date.UTC(2026, 11, 1));
  });

  it('widens the axis to the range with gaps, and sums per key', () => {
    const chart = widen({ times: [10], series: [{ label: 'x', values: [7], color: '#000' }] }, { since: 0, until: 20 });
    expect(chart).toEqual({ times: [0, 10, 20], series: [{ label: 'x', values: [null, 7, null], color: '#000' }] });
    expect([
      ...totals(
        rows,
        (row) => row.name,
        (row) => row.n,
      ),
    ]).toEqual([
      ['a', 5],
      ['b', 5],
    ]);
  });
});
