import { describe, expect, it } from 'vitest';
import { median, percentile, ratio, totalBlockingTime } from './stats.ts';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, index) => 100 - index);
  it.each([
    [[5], 50, 5],
    [[3, 1, 2], 0, 1],
    [[3, 1, 2], 50, 2],
    [[3, 1, 2], 100, 3],
    [hundred, 50, 50],
    [hundred, 99, 99],
    [hundred, 99.9, 100],
  ])('%j at p%d is %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('is NaN for no samples and refuses a percentile outside 0-100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('median', () => {
  it.each([
    [[7], 7],
    [[9, 1, 5], 5],
    [[4, 1, 3, 2], 2.5],
    [[-1, 1], 0],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('ratio', () => {
  it.each([
    [10, 40, 0.25],
    [0, 5, 0],
    [5, 0, undefined],
    [undefined, 5, undefined],
    [5, undefined, undefined],
    [Number.NaN, 5, undefined],
  ])('%s / %s is %s', (a, b, expected) => {
    expect(ratio(a, b)).toBe(expected);
  });
});

describe('totalBlockingTime', () => {
  const tasks = [
    { startTime: 100, duration: 120 }, // before FCP: ignored
    { startTime: 600, duration: 80 }, // 30 ms over
    { startTime: 900, duration: 50 }, // exactly 50: not blocking
    { startTime: 3100, duration: 200 }, // after the window
  ];
  it.each([
    [500, Infinity, 180],
    [500, 3000, 30],
    [1000, 3000, 0],
    [0, 3000, 100],
  ])('after FCP %d until %d is %d ms', (fcp, until, expected) => {
    expect(totalBlockingTime(tasks, fcp, until)).toBe(expected);
  });
});
