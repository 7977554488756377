/** An NPS breakdown: the score (−100…100) and how many answers fell in each group. */
export interface NpsSummary {
  score: number | null;
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
}

/** Promoters answer 9–10, detractors 0–6; NPS = % promoters − % detractors, rounded to one decimal. */
export function npsSummary(scores: readonly number[]): NpsSummary {
  let promoters = 0;
  let detractors = 0;
  for (const score of scores) {
    if (score >= 9) promoters++;
    else if (score <= 6) detractors++;
  }
  return npsFromCounts(scores.length, promoters, detractors);
}

/** The NPS breakdown from counts of answers, promoters and detractors. */
export function npsFromCounts(responses: number, promoters: number, detractors: number): NpsSummary {
  const score = responses ? Math.round(((promoters - detractors) / responses) * 1000) / 10 : null;
  return { score, responses, promoters, passives: responses - promoters - detractors, detractors };
}

/** One week of the NPS trend: weeks start on Monday 00:00 UTC (ISO weeks). */
export interface NpsWeek extends NpsSummary {
  weekStart: string;
}

const DAY_MS = 86_400_000;

/** The Monday 00:00 UTC that starts the ISO week of `ts`, as an ISO date (`2026-11-23`). */
export function isoWeekStart(ts: number): string {
  const day = Math.floor(ts / DAY_MS);
  // 1970-01-01 was a Thursday: shift so Monday is 0.
  const monday = day - ((day + 3) % 7);
  return new Date(monday * DAY_MS).toISOString().slice(0, 10);
}

/** Groups answers by ISO week, oldest first; weeks without answers are left out rather than shown as zero. */
export function weeklyNpsTrend(answers: readonly { score: number; ts: number }[]): NpsWeek[] {
  const byWeek = new Map<string, number[]>();
  for (const answer of answers) {
    const week = isoWeekStart(answer.ts);
    const list = byWeek.get(week) ?? [];
    list.push(answer.score);
    byWeek.set(week, list);
  }
  return [...byWeek.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([weekStart, scores]) => ({ weekStart, ...npsSummary(scores) }));
}
