import { ratio } from './funnel.ts';

/** One stored vital: the last value of one web-vitals metric id. */
export interface VitalRow {
  path: string;
  name: string;
  value: number;
  rating: string | null;
}

/** p75 and rating shares for one page and metric. */
export interface VitalSummary {
  path: string;
  metric: string;
  count: number;
  p75: number;
  good: number;
  needsImprovement: number;
  poor: number;
}

/** web-vitals' thresholds (good up to the first, poor above the second), for rows that came without a rating. */
export const VITAL_THRESHOLDS: Record<string, [number, number]> = {
  LCP: [2500, 4000],
  INP: [200, 500],
  CLS: [0.1, 0.25],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
};

/**
 * The 75th percentile by nearest rank (the smallest value at or above 75% of the sorted values), the
 * definition CrUX and web-vitals reporting use, so no interpolation makes up a value nobody measured.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Rates a value by the metric's thresholds; an unknown metric counts as good. */
export function rateVital(name: string, value: number): 'good' | 'needs-improvement' | 'poor' {
  const [good, poor] = VITAL_THRESHOLDS[name] ?? [Infinity, Infinity];
  return value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor';
}

/** Groups vitals by page and metric: count, p75 and the shares of good, needs-improvement and poor. */
export function summarizeVitals(rows: readonly VitalRow[]): VitalSummary[] {
  const groups = new Map<string, VitalRow[]>();
  for (const row of rows) {
    const key = `${row.path}\u0000${row.name}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()]
    .map((group) => {
      const ratings = group.map((row) => row.rating ?? rateVital(row.name, row.value));
      const share = (rating: string) => ratio(ratings.filter((each) => each === rating).length, group.length);
      return {
        path: group[0]!.path,
        metric: group[0]!.name,
        count: group.length,
        p75: percentile(
          group.map((row) => row.value),
          75,
        ),
        good: share('good'),
        needsImprovement: share('needs-improvement'),
        poor: share('poor'),
      };
    })
    .sort((a, b) => a.path.localeCompare(b.path) || a.metric.localeCompare(b.metric));
}
