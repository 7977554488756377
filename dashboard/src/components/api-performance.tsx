import type { ApiPerformanceAnswer } from '../../../server/src/analytics/queries/api-performance.ts';
import { formatCount, formatPercent } from './format.ts';
import { LineChart } from './line-chart.tsx';
import { PALETTE, pivot } from './pivot.ts';
import { TableHead } from './table-head.tsx';

export type { ApiPerformanceAnswer };

/**
 * API calls the widget timed, per route template and method: p50/p95/p99, error rate, requests and throughput,
 * then the daily p95 and error rate of the busiest routes, from `GET /api/analytics/api-performance`.
 */
export function ApiPerformance({ data, span }: { data: ApiPerformanceAnswer; span: { since: number; until: number } }) {
  const key = (row: { method: string; route: string }) => `${row.method} ${row.route}`;
  // One colour per route in both charts, in the table's order (busiest first).
  const colours = new Map(data.routes.map((row, index) => [key(row), PALETTE[index % PALETTE.length]!]));
  const recolour = (chart: ReturnType<typeof pivot>) => ({
    ...chart,
    series: chart.series.map((each) => ({ ...each, color: colours.get(each.label) ?? each.color })),
  });
  const p95 = recolour(
    pivot(
      data.daily,
      (row) => row.day,
      key,
      (row) => row.p95,
      6,
    ),
  );
  const errors = recolour(
    pivot(
      data.daily,
      (row) => row.day,
      key,
      (row) => Math.round(row.errorRate * 10000) / 100,
      6,
    ),
  );
  return (
    <>
      <table class="data">
        <caption class="sr-only">API performance by route</caption>
        <TableHead columns={['Route', 'Requests', 'Per minute', 'p50', 'p95', 'p99', 'Error rate']} />
        <tbody>
          {data.routes.map((row) => (
            <tr key={key(row)} data-route={key(row)}>
              <td>{key(row)}</td>
              <td data-figure="requests">{formatCount(row.requests)}</td>
              <td>
                {row.requestsPerMinute < 1 ? row.requestsPerMinute.toPrecision(2) : row.requestsPerMinute.toFixed(1)}
              </td>
              <td>{formatCount(row.p50)} ms</td>
              <td data-figure="p95">{formatCount(row.p95)} ms</td>
              <td>{formatCount(row.p99)} ms</td>
              <td data-figure="error-rate">{formatPercent(row.errorRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>p95 per day (ms)</h3>
      <LineChart label="API p95 per day by route" times={p95.times} series={p95.series} span={span} height={180} />
      <h3>Error rate per day (%)</h3>
      <LineChart
        label="API error rate per day by route"
        times={errors.times}
        series={errors.series}
        span={span}
        height={160}
      />
    </>
  );
}
