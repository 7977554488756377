import { ratio } from './funnel.ts';

/** Monday 1970-01-05 00:00 UTC: weeks count from a Monday, as ISO weeks do. */
export const FIRST_MONDAY_MS = 4 * 86_400_000;
export const WEEK_MS = 7 * 86_400_000;

/** One cohort: people first seen in the week starting `week`, and how many came back each week after. */
export interface RetentionCohort {
  /** ISO date of the cohort's Monday. */
  week: string;
  size: number;
  /** `retained[n]`: people of the cohort active n weeks after their first week (`retained[0]` = size). */
  retained: number[];
  /** retained[n] / size. */
  rates: number[];
}

/** The week number (weeks since the first Monday of 1970) an epoch-ms time falls in. */
export function weekIndex(ts: number): number {
  return Math.floor((ts - FIRST_MONDAY_MS) / WEEK_MS);
}

/**
 * Weekly retention cohorts from (person, week) activity pairs: a person's cohort is the first week they were
 * active; each later week counts them once if they were active in it. Columns run to `untilWeek`.
 */
export function retentionCohorts(
  activity: readonly { actor: string; week: number }[],
  untilWeek: number,
): RetentionCohort[] {
  const weeksByActor = new Map<string, Set<number>>();
  for (const { actor, week } of activity) {
    const weeks = weeksByActor.get(actor) ?? new Set<number>();
    weeks.add(week);
    weeksByActor.set(actor, weeks);
  }
  const cohorts = new Map<number, number[]>();
  for (const weeks of weeksByActor.values()) {
    const first = Math.min(...weeks);
    const retained = cohorts.get(first) ?? new Array<number>(Math.max(1, untilWeek - first + 1)).fill(0);
    for (const week of weeks) if (week - first < retained.length) retained[week - first]! += 1;
    cohorts.set(first, retained);
  }
  return [...cohorts.entries()].sort(([a], [b]) => a - b).map(([week, retained]) => cohortOf(week, retained));
}

/** One cohort's answer row from its week number and its people per week after (`retained[0]` = its size). */
export function cohortOf(week: number, retained: number[]): RetentionCohort {
  return {
    week: new Date(FIRST_MONDAY_MS + week * WEEK_MS).toISOString().slice(0, 10),
    size: retained[0]!,
    retained,
    rates: retained.map((count) => ratio(count, retained[0]!)),
  };
}
