import { npsFromCounts } from '../../feedback/nps-score.ts';
import type { NpsSummary, NpsWeek } from '../../feedback/nps-score.ts';
import { commentSentiment } from '../../feedback/sentiment.ts';
import type { CommentSentiment } from '../../feedback/sentiment.ts';
import { bucketSql } from '../projection/update-rollups.ts';
import { FIRST_MONDAY_MS, WEEK_MS } from '../retention.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { QUERY_TIME_MAX } from '../../query-params.ts';
import { isoDate } from './sql-parts.ts';

/** An NPS read: an optional range and survey. */
export interface NpsParams {
  since?: number;
  until?: number;
  surveyId?: string;
}

/** One answer with a comment, as `GET /feedback/nps` lists them (newest first, at most 100). */
interface NpsComment {
  id: string;
  surveyId: string;
  score: number;
  comment: string;
  ts: number;
  userId?: string;
  path?: string;
  sentiment: CommentSentiment;
}

/** What `GET /feedback/nps` answers. */
export interface NpsAnswer extends NpsSummary {
  trend: NpsWeek[];
  sentiment: { positive: number; neutral: number; negative: number };
  comments: NpsComment[];
}

const COUNTS =
  'count(*) AS responses, count(*) FILTER (score >= 9) AS promoters, count(*) FILTER (score <= 6) AS detractors';

/**
 * The NPS score, its ISO-weekly trend, sentiment and latest comments over `nps` events with a valid score (the
 * projection's `score` column). Comments are scored in JS (the AFINN lexicon), once per distinct text.
 */
export async function npsQuery(db: AnalyticsDb, { since, until, surveyId }: NpsParams): Promise<NpsAnswer> {
  // As `npsAnswer` reads them: an answer stored before times were bounded, at a time the calendar cannot print, is left out.
  const where = [
    `ts >= 0 AND ts <= ${QUERY_TIME_MAX}`,
    ...(since === undefined ? [] : ['ts >= ?']),
    ...(until === undefined ? [] : ['ts < ?']),
    ...(surveyId ? ['survey_id = ?'] : []),
  ].join(' AND ');
  const values = [
    ...(since === undefined ? [] : [since]),
    ...(until === undefined ? [] : [until]),
    ...(surveyId ? [surveyId] : []),
  ];
  type Counts = { responses: number; promoters: number; detractors: number };
  const [total] = await db.all<Counts>(`SELECT ${COUNTS} FROM nps_answers WHERE ${where}`, values);
  const weeks = await db.all<Counts & { week: number }>(
    `SELECT ${bucketSql(WEEK_MS, FIRST_MONDAY_MS)} AS week, ${COUNTS} FROM nps_answers WHERE ${where} GROUP BY week ORDER BY week`,
    values,
  );
  const latest = await db.all<{
    id: string;
    surveyId: string;
    score: number;
    comment: string;
    ts: number;
    userId: string | null;
    path: string | null;
  }>(
    `SELECT id, survey_id AS "surveyId", score, comment, ts, user_id AS "userId", path FROM nps_answers WHERE ${where} AND comment IS NOT NULL ORDER BY ts DESC, id DESC LIMIT 100`,
    values,
  );
  const texts = await db.all<{ comment: string; n: number }>(
    `SELECT comment, count(*) AS n FROM nps_answers WHERE ${where} AND comment IS NOT NULL GROUP BY comment`,
    values,
  );
  const sentiment = { positive: 0, neutral: 0, negative: 0 };
  for (const { comment, n } of texts) sentiment[commentSentiment(comment).label] += n;
  return {
    ...npsFromCounts(total!.responses, total!.promoters, total!.detractors),
    trend: weeks.map((week) => ({
      weekStart: isoDate(FIRST_MONDAY_MS + week.week * WEEK_MS),
      ...npsFromCounts(week.responses, week.promoters, week.detractors),
    })),
    sentiment,
    comments: latest.map(({ userId, path, ...answer }) => ({
      ...answer,
      ...(userId ? { userId } : {}),
      ...(path ? { path } : {}),
      sentiment: commentSentiment(answer.comment),
    })),
  };
}
