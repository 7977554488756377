import type { ErrorImpact, SessionSetStats } from '../error-impact.ts';
import { ratio } from '../funnel.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { byLocale } from './sql-parts.ts';

/** An error impact read: one error group against a conversion event, over a time range. */
export interface ErrorImpactParams {
  fingerprint: string;
  conversionEvent: string;
  since: number;
  until: number;
}

// The sessions that hit the error in the range; bound with (fingerprint, since, until).
const HIT = "hit AS (SELECT DISTINCT session_id FROM events WHERE type = 'error' AND fingerprint = ? AND ts >= ? AND ts < ?)";

/**
 * `errorImpact` in SQL: every session seen in the range is affected (it had the error) or not; per side, the
 * share that reached the conversion event and each vital's nearest-rank p75 over the last report of each metric
 * id whose report falls in the range (the session it was reported in decides its side).
 */
export async function errorImpactQuery(db: AnalyticsDb, { fingerprint, conversionEvent, since, until }: ErrorImpactParams): Promise<ErrorImpact> {
  const sessions = await db.all<{ affected: boolean; sessions: number; converted: number }>(
    `WITH seen AS (SELECT DISTINCT session_id FROM events WHERE ts >= ? AND ts < ?), ${HIT},
          won AS (SELECT DISTINCT session_id FROM events WHERE name = ? AND ts >= ? AND ts < ?)
     SELECT hit.session_id IS NOT NULL AS affected, count(*) AS sessions, count(won.session_id) AS converted
     FROM seen LEFT JOIN hit USING (session_id) LEFT JOIN won USING (session_id) GROUP BY ALL`,
    [since, until, fingerprint, since, until, conversionEvent, since, until],
  );
  const vitals = await db.all<{ affected: boolean; metric: string; p75: number }>(
    `WITH latest AS (SELECT metric_id, arg_max(session_id, seq) AS session_id, arg_max(name, seq) AS metric, arg_max(value, seq) AS value, arg_max(ts, seq) AS ts
                     FROM events WHERE metric_id IS NOT NULL GROUP BY metric_id), ${HIT}
     SELECT hit.session_id IS NOT NULL AS affected, metric, quantile_disc(value, 0.75) AS p75
     FROM latest LEFT JOIN hit USING (session_id) WHERE ts >= ? AND ts < ? GROUP BY ALL`,
    [fingerprint, since, until, since, until],
  );
  const side = (affected: boolean): SessionSetStats => {
    const counts = sessions.find((row) => row.affected === affected);
    const p75s = vitals.filter((row) => row.affected === affected).sort((a, b) => byLocale(a.metric, b.metric));
    return {
      sessions: counts?.sessions ?? 0,
      conversion: ratio(counts?.converted ?? 0, counts?.sessions ?? 0),
      vitalsP75: Object.fromEntries(p75s.map((row) => [row.metric, row.p75])),
    };
  };
  return { fingerprint, conversionEvent, affected: side(true), unaffected: side(false) };
}
