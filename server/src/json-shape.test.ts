import { describe, expect, it } from 'vitest';
import { checkJsonShape, repairStrings } from './json-shape.ts';

const limits = { maxDepth: 3, maxEntries: 3 };

describe('checkJsonShape', () => {
  it.each([
    ['[[[]]]', undefined],
    ['[[[[]]]]', /nested deeper than 3 levels/],
    ['{"a":{"b":{"c":1}}}', undefined],
    ['{"a":{"b":{"c":{}}}}', /nested deeper than 3 levels/],
    ['["[[[[[[", "\\"[[[[", "\\\\"]', undefined],
    ['["\\\\", [[[]]]]', /nested deeper than 3 levels/],
    ['[1,2,3]', undefined],
    ['[1,2,3,4]', /more than 3 members/],
    ['{"a":1,"b":2,"c":[1,2,3],"d":4}', /more than 3 members/],
    ['[",,,,,", 1]', undefined],
    ['["unterminated', undefined],
  ])('%s', (text, problem) => {
    if (problem) expect(() => checkJsonShape(text, limits)).toThrow(problem);
    else expect(() => checkJsonShape(text, limits)).not.toThrow();
  });

  it('takes a million levels in one pass, without recursion', () => {
    expect(() => checkJsonShape('['.repeat(1_000_000) + ']'.repeat(1_000_000))).toThrow(/nested deeper than 64 levels/);
  });
});

describe('repairStrings', () => {
  it('replaces lone surrogates and NUL in strings and keys, and leaves pairs alone', () => {
    const text = '{"a\\udc00":["x\\ud800y","\\u0000",{"ok":"\\ud83d\\ude00"}]}';
    expect(repairStrings(text, JSON.parse(text))).toEqual({ 'a\ufffd': ['x\ufffdy', '\ufffd', { ok: '😀' }] });
  });

  it('leaves a body without such escapes as it is', () => {
    const body = { a: 'plain' };
    expect(repairStrings(JSON.stringify(body), body)).toBe(body);
  });
});
