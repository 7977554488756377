import { describe, expect, it } from 'vitest';
import {
  firstLineOfError,
  formatBytes,
  formatMs,
  formatNumber,
  formatRatio,
  formatSignedMs,
  formatTable,
} from './format.ts';

describe('formatTable', () => {
  it('pads columns, right-aligns numeric ones and marks them in the rule', () => {
    const table = formatTable(
      ['bundle', 'brotli'],
      [
        ['core', '9.1 KB'],
        ['replay', 'not built'],
      ],
    );
    expect(table.split('\n')).toEqual([
      '| bundle | brotli    |',
      '| ------ | --------- |',
      '| core   | 9.1 KB    |',
      '| replay | not built |',
    ]);
  });

  it('right-aligns a column whose every cell is a number or a dash', () => {
    const table = formatTable(['n'], [['1,234'], ['–'], ['5']]);
    expect(table.split('\n')).toEqual(['|     n |', '| ----: |', '| 1,234 |', '|     – |', '|     5 |']);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KB'],
    [15 * 1024 + 512, '15.5 KB'],
    [undefined, '–'],
  ])('%s is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatNumber, formatMs and formatRatio', () => {
  it.each([
    [formatNumber(52_345.678), '52,346'],
    [formatNumber(1.234, 1), '1.2'],
    [formatNumber(undefined), '–'],
    [formatRatio(0.333), '0.33×'],
    [formatRatio(12.4), '12×'],
    [formatRatio(undefined), '–'],
    [formatMs(1234.5), '1,235 ms'],
    [formatMs(undefined), '–'],
    [formatSignedMs(12), '+12 ms'],
    [formatSignedMs(-3.2), '-3 ms'],
    [formatSignedMs(0), '+0 ms'],
    [formatSignedMs(undefined), '–'],
  ])('%s is %s', (actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe('firstLineOfError', () => {
  it.each([
    [
      new Error('page.goto: Timeout 30000ms exceeded.\nCall log:\n  - navigating'),
      'page.goto: Timeout 30000ms exceeded.',
    ],
    [new Error(''), ''],
    ['spawn ENOENT\nat …', 'spawn ENOENT'],
    [42, '42'],
  ])('%s → %s', (error, line) => {
    expect(firstLineOfError(error)).toBe(line);
  });
});
