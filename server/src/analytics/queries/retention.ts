import { UNFOLDED } from '../projection/schema.ts';
import { bucketSql } from '../projection/update-rollups.ts';
import { cohortOf, FIRST_MONDAY_MS, WEEK_MS, weekIndex } from '../retention.ts';
import type { RetentionCohort } from '../retention.ts';
import type { AnalyticsDb } from './analytics-db.ts';

/** A retention read: activity in `[since, until)`. */
export interface RetentionParams {
  since: number;
  until: number;
}

/**
 * Weekly cohorts as `retentionCohorts` builds them: a person (anonymous id) belongs to the first week they were
 * active in the range, and counts once in every later week they were active in. SQL returns (cohort, offset,
 * people); the columns run to the week of `until - 1`.
 */
export async function retentionQuery(
  db: AnalyticsDb,
  { since, until }: RetentionParams,
): Promise<RetentionParams & { cohorts: RetentionCohort[] }> {
  // Whole weeks inside the range come from the weekly rollup; the partial weeks at its edges from `events`
  // (events arrive in time order, so those scans touch only the row groups of those days), and the whole weeks'
  // rows the rollup has not folded in yet from `events` too.
  const firstWhole = Math.ceil((since - FIRST_MONDAY_MS) / WEEK_MS);
  const endWhole = Math.max(firstWhole, Math.floor((until - FIRST_MONDAY_MS) / WEEK_MS));
  const wholeStart = FIRST_MONDAY_MS + firstWhole * WEEK_MS;
  const wholeEnd = FIRST_MONDAY_MS + endWhole * WEEK_MS;
  const activity = (where: string) =>
    `SELECT anonymous_id AS actor, ${bucketSql(WEEK_MS, FIRST_MONDAY_MS)} AS week FROM events WHERE ${where}`;
  const edge = activity('ts >= ? AND ts < ?');
  const unfolded = activity(`${UNFOLDED} AND ts >= ? AND ts < ?`);
  const rows = await db.all<{ first: number; after: number; people: number }>(
    `WITH active AS (
       SELECT anonymous_id AS actor, week FROM rollup_anonymous_weekly WHERE week >= ? AND week < ?
       UNION ${unfolded} UNION ${edge} UNION ${edge}),
     cohort AS (SELECT actor, week, min(week) OVER (PARTITION BY actor) AS first FROM active)
     SELECT first, week - first AS after, count(*) AS people FROM cohort GROUP BY ALL ORDER BY first, after`,
    wholeEnd > wholeStart
      ? [
          firstWhole,
          endWhole,
          wholeStart,
          wholeEnd,
          since,
          Math.min(until, wholeStart),
          Math.max(since, wholeEnd),
          until,
        ]
      : [firstWhole, firstWhole, 0, 0, since, until, until, until],
  );
  const untilWeek = weekIndex(until - 1);
  const cohorts = new Map<number, number[]>();
  for (const { first, after, people } of rows) {
    const retained = cohorts.get(first) ?? new Array<number>(Math.max(1, untilWeek - first + 1)).fill(0);
    if (after < retained.length) retained[after] = people;
    cohorts.set(first, retained);
  }
  return {
    since,
    until,
    cohorts: [...cohorts.entries()].map(([week, retained]) => cohortOf(week, retained)),
  };
}
