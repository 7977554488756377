import { describe, expect, it } from 'vitest';
import { pickEncoding } from './pick-encoding.ts';

describe('pickEncoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', ['br', 'gzip'], 'br'],
    ['gzip, deflate', ['br', 'gzip'], 'gzip'],
    ['br;q=0, gzip', ['br', 'gzip'], 'gzip'],
    ['br;q=0.5, gzip;q=0.9', ['br', 'gzip'], 'gzip'],
    ['*', ['br', 'gzip'], 'br'],
    ['*;q=0', ['br', 'gzip'], undefined],
    ['identity', ['br', 'gzip'], undefined],
    [undefined, ['br', 'gzip'], undefined],
    ['br', ['gzip'], undefined],
    ['BR, GZIP', ['gzip'], 'gzip'],
  ] as const)('Accept-Encoding %j with %j available picks %j', (header, available, expected) => {
    expect(pickEncoding(header, available)).toBe(expected);
  });
});
