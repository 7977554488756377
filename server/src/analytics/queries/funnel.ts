import { funnelSteps } from '../funnel.ts';
import type { FunnelStepResult } from '../funnel.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { namedEventsSource } from './named-events-source.ts';
import { placeholders } from './sql-parts.ts';

/** A funnel read: ordered steps (event names or `page:/path`), the window, the starts' range, an optional experiment. */
export interface FunnelParams {
  steps: readonly string[];
  windowMs: number;
  since: number;
  until: number;
  experiment?: string;
}

/** What `GET /analytics/funnels` answers. */
export interface FunnelAnswer {
  steps: readonly string[];
  windowMs: number;
  since: number;
  until: number;
  result: FunnelStepResult[];
  experiment?: string;
  variations?: { variation: string; result: FunnelStepResult[] }[];
}

/**
 * Matching events in one total order per person: time, then record position, then a name match before the page
 * match of the same event (the order `computeFunnel` sees them in). Later steps may complete up to one window
 * after the range ends.
 */
function matchesSql(
  steps: readonly string[],
  since: number,
  end: number,
  source: string,
): { sql: string; params: unknown[] } {
  const names = eventSteps(steps);
  const pages = steps.filter((step) => step.startsWith('page:')).map((step) => step.slice(5));
  const parts: string[] = [];
  const params: unknown[] = [];
  if (names.length) {
    parts.push(
      `SELECT anonymous_id AS actor, ts, seq, 0 AS sub, name AS step FROM ${source} WHERE ts >= ? AND ts < ? AND name IN (${placeholders(names)})`,
    );
    params.push(since, end, ...names);
  }
  if (pages.length) {
    parts.push(
      `SELECT anonymous_id, ts, seq, 1, 'page:' || path FROM events WHERE ts >= ? AND ts < ? AND type = 'page' AND path IN (${placeholders(pages)})`,
    );
    params.push(since, end, ...pages);
  }
  return { sql: parts.join(' UNION ALL '), params };
}

/**
 * People reaching each step, per variation. Every step-1 event in the range is a start; from each start the
 * next step is the earliest later event of that step (an ASOF join on the per-person order), kept while within
 * the window. Greedy earliest matching reaches as far as any matching can, so a person reaches step k when any
 * start does: the same count `computeFunnel` makes by looping.
 */
function reachedSql(
  { steps, windowMs, since, until }: FunnelParams,
  source: string,
): { sql: string; params: unknown[] } {
  const matches = matchesSql(steps, since, until + windowMs, source);
  const stepCtes = steps.slice(1).map(
    (_step, index) =>
      `s${index + 2} AS (SELECT s.actor, s.t0, e.ord FROM s${index + 1} s ASOF JOIN (SELECT actor, ts, ord FROM ordered WHERE step = ?) e
       ON s.actor = e.actor AND e.ord > s.ord WHERE e.ts - s.t0 <= ?)`,
  );
  const reached = steps.map((_step, index) => `SELECT ${index} AS k, actor FROM s${index + 1}`).join(' UNION ALL ');
  return {
    sql: `WITH ordered AS (SELECT actor, ts, step, row_number() OVER (ORDER BY ts, seq, sub) AS ord FROM (${matches.sql})),
      ${['s1 AS (SELECT actor, ts AS t0, ord FROM ordered WHERE step = ? AND ts < ?)', ...stepCtes].join(',\n')},
      reached AS (SELECT DISTINCT k, actor FROM (${reached}))`,
    params: [...matches.params, steps[0], until, ...steps.slice(1).flatMap((step) => [step, windowMs])],
  };
}

/** Each person's variation: their first exposure to the experiment, not counting forced or override-tagged ones. */
const VARIATIONS_SQL = `SELECT anonymous_id AS actor, arg_min(variation, {'ts': ts, 'id': id}) AS variation FROM exposures
  WHERE experiment = ? AND variation IS NOT NULL AND NOT forced AND NOT override_tag AND ts < ? GROUP BY anonymous_id`;

/** The ordered funnel in SQL, answering exactly what `computeFunnel` (and its split by variation) answers. */
export async function funnelQuery(db: AnalyticsDb, params: FunnelParams): Promise<FunnelAnswer> {
  const { steps, windowMs, since, until, experiment } = params;
  const reached = reachedSql(params, await namedEventsSource(db, eventSteps(steps)));
  const answer: FunnelAnswer = { steps, windowMs, since, until, result: [] };
  if (!experiment) {
    const rows = await db.all<{ k: number; n: number }>(
      `${reached.sql} SELECT k, count(*) AS n FROM reached GROUP BY k`,
      reached.params,
    );
    return { ...answer, result: funnelSteps(steps, countsByStep(steps, rows)) };
  }
  const rows = await db.all<{ k: number | null; variation: string | null; n: number }>(
    `${reached.sql}, variations AS (${VARIATIONS_SQL})
     SELECT r.k, v.variation, count(*) AS n FROM reached r LEFT JOIN variations v USING (actor) GROUP BY ALL
     UNION ALL SELECT NULL, variation, 0 FROM variations GROUP BY variation`,
    [...reached.params, experiment, until + windowMs],
  );
  const names = [...new Set(rows.flatMap((row) => (row.variation === null ? [] : [row.variation])))].sort();
  return {
    ...answer,
    result: funnelSteps(steps, countsByStep(steps, rows)),
    experiment,
    variations: names.map((variation) => ({
      variation,
      result: funnelSteps(
        steps,
        countsByStep(
          steps,
          rows.filter((row) => row.variation === variation),
        ),
      ),
    })),
  };
}

/** The steps that are event names (not `page:/path`). */
function eventSteps(steps: readonly string[]): string[] {
  return steps.filter((step) => !step.startsWith('page:'));
}

/** People per step index from (step index, count) rows; rows without a step only name a variation. */
function countsByStep(steps: readonly string[], rows: readonly { k: number | null; n: number }[]): number[] {
  const counts = new Array<number>(steps.length).fill(0);
  for (const row of rows) if (row.k !== null) counts[row.k]! += row.n;
  return counts;
}
