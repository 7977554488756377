import { describe, expect, it } from 'vitest';
import { splitEvents, splitParts } from './chunking.ts';

describe('splitEvents', () => {
  it.each([
    { events: [], max: 100, sizes: [] },
    { events: ['a'], max: 100, sizes: [1] },
    // Each "xxxxxxxx" is 10 characters of JSON; 2 for the brackets, 1 for each comma.
    { events: ['xxxxxxxx', 'xxxxxxxx', 'xxxxxxxx'], max: 25, sizes: [2, 1] },
    { events: ['xxxxxxxx', 'xxxxxxxx', 'xxxxxxxx'], max: 12, sizes: [1, 1, 1] },
    // An event bigger than the bound still gets sent, alone.
    { events: ['x'.repeat(50), 'y'], max: 20, sizes: [1, 1] },
  ])('groups $events.length events under $max characters as $sizes', ({ events, max, sizes }) => {
    const groups = splitEvents(events, max);
    expect(groups.map((group) => group.length)).toEqual(sizes);
    expect(groups.flat()).toEqual(events);
    for (const group of groups) if (group.length > 1) expect(JSON.stringify(group).length).toBeLessThanOrEqual(max);
  });
});

describe('splitParts', () => {
  it.each([
    { text: '', max: 8, parts: [''] },
    { text: 'QUJD', max: 8, parts: ['QUJD'] },
    { text: 'QUJDREVGR0g=', max: 8, parts: ['QUJDREVG', 'R0g='] },
    // Cuts fall on multiples of 4 even when the bound is not one.
    { text: 'QUJDREVGR0g=', max: 6, parts: ['QUJD', 'REVG', 'R0g='] },
  ])('cuts $text at $max into $parts', ({ text, max, parts }) => {
    expect(splitParts(text, max)).toEqual(parts);
    expect(splitParts(text, max).join('')).toBe(text);
  });

  it('keeps every base64 part decodable on its own', () => {
    const text = Buffer.from('a longer text that spans several parts of base64').toString('base64');
    const parts = splitParts(text, 10);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.map((part) => Buffer.from(part, 'base64').toString()).join('')).toBe(
      'a longer text that spans several parts of base64',
    );
  });
});
