import { npsFromCounts } from '../../feedback/nps-score.ts';
import { HOUR_MS } from '../projection/schema.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { bucketRange } from './bucket-range.ts';

/** NPS over an alert period (whole hours): the score as the NPS read computes it, and how many answered. */
export async function alertNpsQuery(
  db: AnalyticsDb,
  { since, until }: { since: number; until: number },
): Promise<{ score: number | null; responses: number }> {
  const [first, end] = bucketRange(since, until, HOUR_MS);
  const [row] = await db.all<{ responses: number | null; promoters: number | null; detractors: number | null }>(
    'SELECT sum(responses) AS responses, sum(promoters) AS promoters, sum(detractors) AS detractors FROM rollup_nps_hourly WHERE hour >= ? AND hour < ?',
    [first, end],
  );
  const summary = npsFromCounts(Number(row?.responses ?? 0), Number(row?.promoters ?? 0), Number(row?.detractors ?? 0));
  return { score: summary.score, responses: summary.responses };
}
