import { describe, expect, it } from 'vitest';
import { isoWeekStart, npsSummary, weeklyNpsTrend } from './nps-score.ts';

describe('npsSummary', () => {
  it.each([
    { scores: [], score: null, promoters: 0, passives: 0, detractors: 0 },
    { scores: [10, 9, 8, 7, 6, 0], score: 0, promoters: 2, passives: 2, detractors: 2 },
    { scores: [10, 10, 10], score: 100, promoters: 3, passives: 0, detractors: 0 },
    { scores: [0, 3, 6], score: -100, promoters: 0, passives: 0, detractors: 3 },
    { scores: [9, 7, 1], score: 0, promoters: 1, passives: 1, detractors: 1 },
    { scores: [9, 9, 5], score: 33.3, promoters: 2, passives: 0, detractors: 1 },
  ])('$scores → $score', ({ scores, ...expected }) => {
    expect(npsSummary(scores)).toEqual({ ...expected, responses: scores.length });
  });
});

describe('weekly trend', () => {
  it.each([
    ['2026-11-23T00:00:00Z', '2026-11-23'],
    ['2026-11-29T23:59:59Z', '2026-11-23'],
    ['2026-11-30T00:00:00Z', '2026-11-30'],
    ['1970-01-01T00:00:00Z', '1969-12-29'],
  ])('%s is in the week of %s', (time, week) => {
    expect(isoWeekStart(Date.parse(time))).toBe(week);
  });

  it('groups by week, oldest first', () => {
    const trend = weeklyNpsTrend([
      { score: 10, ts: Date.parse('2026-11-24T10:00:00Z') },
      { score: 0, ts: Date.parse('2026-11-17T10:00:00Z') },
      { score: 9, ts: Date.parse('2026-11-25T10:00:00Z') },
    ]);
    expect(trend.map((week) => [week.weekStart, week.score, week.responses])).toEqual([
      ['2026-11-16', -100, 1],
      ['2026-11-23', 100, 2],
    ]);
  });
});
