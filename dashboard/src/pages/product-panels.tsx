import type { RevenueAnswer } from '../../../server/src/analytics/queries/revenue.ts';
import { formatAmount, formatCount } from '../components/format.ts';
import { LineChart } from '../components/line-chart.tsx';
import { pivot, totals } from '../components/pivot.ts';
import { RankedCounts } from '../components/ranked-counts.tsx';
import { TableHead } from '../components/table-head.tsx';
import type { EventPoint } from '../components/trend-types.ts';

export type { RevenueAnswer };
type Span = { since: number; until: number };

/** An event's count per hour, one line per breakdown value (or per event type without one), with the total shown. */
export function EventExplorer({ points, split, span }: { points: EventPoint[]; split: boolean; span: Span }) {
  const { times, series } = pivot(
    points,
    (point) => point.hour,
    (point) => (split ? (point.value ?? '(none)') : point.type),
    (point) => point.events,
  );
  const total = points.reduce((sum, point) => sum + point.events, 0);
  return (
    <>
      <p class="big-number">
        <strong data-figure="explorer-total">{formatCount(total)}</strong> events in this range
      </p>
      <LineChart label="Events per hour" times={times} series={series} span={span} height={200} />
    </>
  );
}

/** Revenue totals per currency (and breakdown value) and a daily line per currency. */
export function RevenueView({ data, span }: { data: RevenueAnswer; span: Span }) {
  const { times, series } = pivot(
    data.daily,
    (row) => row.day,
    (row) => row.currency + (row.value === undefined ? '' : ` ${row.value ?? '(none)'}`),
    (row) => row.amount,
  );
  return (
    <>
      <table class="data">
        <caption class="sr-only">Revenue per currency</caption>
        <TableHead columns={['Currency', 'Amount', 'Payments']} />
        <tbody>
          {data.totals.map((row) => (
            <tr key={`${row.currency} ${row.value ?? ''}`} data-currency={row.currency}>
              <td>
                {row.currency}
                {row.value === undefined ? '' : ` · ${row.value ?? '(none)'}`}
              </td>
              <td data-figure="amount">{formatAmount(row.amount)}</td>
              <td>{formatCount(row.payments)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LineChart label="Revenue per day by currency" times={times} series={series} span={span} height={180} />
    </>
  );
}

/** Page views per route template over the range, busiest first, from the events split by the page event's `route` prop. */
export function TopPages({ points }: { points: EventPoint[] }) {
  return (
    <RankedCounts
      counts={totals(
        points.filter((point) => point.type === 'page'),
        (point) => point.value ?? '(no route)',
        (point) => point.events,
      )}
      label="Route"
      unit="views"
    />
  );
}
