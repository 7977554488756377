import { bucketSql } from '../projection/update-rollups.ts';
import { DAY_MS } from '../projection/schema.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { breakdownSql } from './breakdown.ts';
import type { Breakdown } from './breakdown.ts';
import { isoDate } from './sql-parts.ts';

/** A revenue read: a range and an optional breakdown. */
export interface RevenueParams {
  since: number;
  until: number;
  breakdown?: Breakdown;
}

/** Revenue of one currency (and breakdown value), in total or on one UTC day. */
interface RevenueRow {
  currency: string;
  amount: number;
  payments: number;
  value?: string | null;
}

/** What the revenue read answers. */
export interface RevenueAnswer {
  since: number;
  until: number;
  totals: RevenueRow[];
  daily: (RevenueRow & { day: string })[];
}

/**
 * `Revenue` events (a finite `amount` and a `currency`) summed per currency, in total and per UTC day, optionally
 * per value of one user property. Amounts of different currencies are never added together.
 */
export async function revenueQuery(
  db: AnalyticsDb,
  { since, until, breakdown }: RevenueParams,
): Promise<RevenueAnswer> {
  const split = breakdown ? breakdownSql(breakdown) : undefined;
  const value = split ? `, ${split.sql} AS value` : '';
  const values = [...(split?.values ?? []), since, until];
  const from = 'FROM events WHERE amount IS NOT NULL AND ts >= ? AND ts < ? GROUP BY ALL';
  const totals = await db.all<RevenueRow>(
    `SELECT currency${value}, sum(amount) AS amount, count(*) AS payments ${from} ORDER BY currency${split ? ', value' : ''}`,
    values,
  );
  const daily = await db.all<RevenueRow & { day: number }>(
    `SELECT ${bucketSql(DAY_MS)} AS day, currency${value}, sum(amount) AS amount, count(*) AS payments ${from} ORDER BY day, currency${split ? ', value' : ''}`,
    values,
  );
  return { since, until, totals, daily: daily.map(({ day, ...row }) => ({ day: isoDate(day * DAY_MS), ...row })) };
}
