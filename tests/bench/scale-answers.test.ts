import { expect, it } from 'vitest';
import { answersTable, firstDifference } from './scale-answers.ts';

it('finds the first place two answers differ, down to a nested array item', () => {
  const a = {
    funnel: [
      { step: 'Logged In', users: 10 },
      { step: 'Deal Won', users: 3 },
    ],
    total: 10,
  };
  expect(firstDifference(a, structuredClone(a), '$')).toBeUndefined();
  expect(firstDifference(a, { ...a, funnel: [a.funnel[0], { step: 'Deal Won', users: 4 }] }, '$')).toBe(
    '$.funnel[1].users: 3 ≠ 4',
  );
  expect(firstDifference(a, { funnel: a.funnel }, '$')).toBe('$.total: 10 ≠ undefined');
  expect(firstDifference([1], { 0: 1 }, '$')).toBe('$: [1] ≠ {"0":1}');
  expect(firstDifference(0.1 + 0.2, 0.3, '$.p75')).toBe('$.p75: 0.30000000000000004 ≠ 0.3');
});

it('marks a read whose answers differ in the table, and says what each store stored', () => {
  const table = answersTable({
    events: 50_000,
    stored: [50_010, 50_010],
    reads: [
      { id: 'nps', label: 'NPS', status: [200, 200], bytes: 2048, same: true },
      { id: 'vitals', label: 'vitals', status: [200, 200], bytes: 512, same: false, difference: '$.lcp: 1 ≠ 2' },
    ],
  });
  expect(table).toContain('stored 50,010 / 50,010');
  expect(table).toContain('| NPS | 200 / 200 | 2.0 KB | same |');
  expect(table).toContain('| vitals | 200 / 200 | 0.5 KB | **differ**: $.lcp: 1 ≠ 2 |');
});

it("takes times within the servers' clock correction for the same, and leaves out the answer's own clock", () => {
  const at = 1_796_216_084_812;
  expect(firstDifference({ now: at, firstSeen: at }, { now: at + 90_000, firstSeen: at + 800 }, '$')).toBeUndefined();
  expect(firstDifference({ firstSeen: at }, { firstSeen: at + 1500 }, '$')).toBe(`$.firstSeen: ${at} ≠ ${at + 1500}`);
  expect(firstDifference({ count: 121 }, { count: 122 }, '$')).toBe('$.count: 121 ≠ 122');
});
