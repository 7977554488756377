import type { ChartSeries } from './line-chart.tsx';

/** Distinguishable line colours (colour-blind safe Okabe–Ito order), reused in turn. */
export const PALETTE = [
  '#0072b2',
  '#d55e00',
  '#009e73',
  '#cc79a7',
  '#e69f00',
  '#56b4e9',
  '#333333',
  '#f0e442',
] as const;

/** An ISO date or date-time (a trends point's `hour` or `day`) as epoch milliseconds. */
export function bucketTime(value: string): number {
  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
}

/**
 * Turns rows of (bucket, series name, value) into the shared x axis and one aligned line per series name, as
 * uPlot wants them; buckets a series has no row for are gaps (null), and rows of one bucket and name are summed.
 * At most `limit` series are kept, largest total first, so a chart stays readable.
 */
export function pivot<T>(
  rows: readonly T[],
  time: (row: T) => string,
  name: (row: T) => string,
  value: (row: T) => number,
  limit = 8,
): { times: number[]; series: ChartSeries[] } {
  const times = [...new Set(rows.map((row) => bucketTime(time(row))))].sort((a, b) => a - b);
  const index = new Map(times.map((each, position) => [each, position]));
  const lines = new Map<string, (number | null)[]>();
  for (const row of rows) {
    const key = name(row);
    const line =
      lines.get(key) ??
      lines
        .set(
          key,
          times.map(() => null),
        )
        .get(key)!;
    const at = index.get(bucketTime(time(row)))!;
    line[at] = (line[at] ?? 0) + value(row);
  }
  const total = (values: (number | null)[]) => values.reduce<number>((sum, each) => sum + (each ?? 0), 0);
  const kept = [...lines.entries()]
    .sort((a, b) => total(b[1]) - total(a[1]) || a[0].localeCompare(b[0]))
    .slice(0, limit);
  return {
    times,
    series: kept.map(([label, values], position) => ({ label, values, color: PALETTE[position % PALETTE.length]! })),
  };
}

/** Sums `value` per key. */
export function totals<T>(rows: readonly T[], key: (row: T) => string, value: (row: T) => number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + value(row));
  return sums;
}

/** Adds the range's two ends to the x axis (series get gaps there), so constant lines such as thresholds span it. */
export function widen(
  { times, series }: { times: number[]; series: ChartSeries[] },
  span: { since: number; until: number },
): { times: number[]; series: ChartSeries[] } {
  const wide = [...new Set([span.since, ...times, span.until])].sort((a, b) => a - b);
  const at = new Map(times.map((time, index) => [time, index]));
  return {
    times: wide,
    series: series.map((each) => ({
      ...each,
      values: wide.map((time) => (at.has(time) ? each.values[at.get(time)!]! : null)),
    })),
  };
}
