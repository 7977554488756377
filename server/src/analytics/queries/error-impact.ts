import type { ErrorImpact, SessionSetStats } from '../error-impact.ts';
import { ratio } from '../funnel.ts';
import { CURRENT_VITALS } from '../projection/update-rollups.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { byLocale } from './sql-parts.ts';

/** An error impact read: the group, the event that counts as converting, a range. */
export interface ErrorImpactParams {
  fingerprint: string;
  conversion: string;
  since: number;
  until: number;
}

/**
 * Sessions that hit the error against the other sessions of the range, as `errorImpact` compares them: sessions,
 * share that fired the conversion event, and each vital's p75 (the last value per metric id, in the range: `vitals_latest`).
 */
export async function errorImpactQuery(
  db: AnalyticsDb,
  { fingerprint, conversion, since, until }: ErrorImpactParams,
): Promise<ErrorImpact> {
  const affected =
    "(SELECT DISTINCT session_id FROM events WHERE type = 'error' AND fingerprint = ? AND ts >= ? AND ts < ?)";
  const sessions = await db.all<{ affected: boolean; sessions: number; converted: number }>(
    `WITH hit AS ${affected}, converted AS (SELECT DISTINCT session_id FROM events WHERE name = ? AND ts >= ? AND ts < ?)
     SELECT hit.session_id IS NOT NULL AS affected, count(*) AS sessions, count(converted.session_id) AS converted
     FROM (SELECT DISTINCT session_id FROM events WHERE ts >= ? AND ts < ?) s LEFT JOIN hit USING (session_id) LEFT JOIN converted USING (session_id) GROUP BY ALL`,
    [fingerprint, since, until, conversion, since, until, since, until],
  );
  const vitals = await db.all<{ affected: boolean; metric: string; p75: number }>(
    `WITH hit AS ${affected}
     SELECT hit.session_id IS NOT NULL AS affected, metric, quantile_disc(value, 0.75) AS p75 FROM ${CURRENT_VITALS} LEFT JOIN hit USING (session_id)
     WHERE ts >= ? AND ts < ? GROUP BY ALL`,
    [fingerprint, since, until, since, until],
  );
  const stats = (side: boolean): SessionSetStats => {
    const row = sessions.find((each) => each.affected === side);
    const p75 = vitals.filter((each) => each.affected === side).sort((a, b) => byLocale(a.metric, b.metric));
    return {
      sessions: row?.sessions ?? 0,
      conversion: ratio(row?.converted ?? 0, row?.sessions ?? 0),
      vitalsP75: Object.fromEntries(p75.map((each) => [each.metric, each.p75])),
    };
  };
  return { fingerprint, conversionEvent: conversion, affected: stats(true), unaffected: stats(false) };
}
