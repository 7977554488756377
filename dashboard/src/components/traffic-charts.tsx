import { LineChart } from './line-chart.tsx';
import { bucketTime, PALETTE } from './pivot.ts';
import type { ActivePoint, EventPoint } from './trend-types.ts';

type Span = { since: number; until: number };

/** Events per hour (all, and errors) and the hourly error rate (error events over all events), from `series=events`. */
export function EventsCharts({ points, span }: { points: EventPoint[]; span: Span }) {
  const hours = new Map<number, { all: number; errors: number }>();
  for (const point of points) {
    const hour =
      hours.get(bucketTime(point.hour)) ??
      hours.set(bucketTime(point.hour), { all: 0, errors: 0 }).get(bucketTime(point.hour))!;
    hour.all += point.events;
    if (point.type === 'error') hour.errors += point.events;
  }
  const times = [...hours.keys()].sort((a, b) => a - b);
  const all = times.map((time) => hours.get(time)!.all);
  const errors = times.map((time) => hours.get(time)!.errors);
  const total = all.reduce((sum, each) => sum + each, 0);
  const failed = errors.reduce((sum, each) => sum + each, 0);
  return (
    <>
      <p class="big-number">
        <strong data-figure="events">{total.toLocaleString('en-US')}</strong> events,{' '}
        <strong data-figure="error-events">{failed.toLocaleString('en-US')}</strong> errors (
        <span data-figure="error-rate">{total ? ((failed / total) * 100).toFixed(2) : '0.00'}%</span>) in this range
      </p>
      <h3>Events per hour</h3>
      <LineChart
        label="Events per hour"
        times={times}
        span={span}
        height={180}
        series={[
          { label: 'all events', values: all, color: PALETTE[0] },
          { label: 'errors', values: errors, color: PALETTE[1] },
        ]}
      />
      <h3>Error rate per hour</h3>
      <LineChart
        label="Error rate per hour, percent of events"
        times={times}
        span={span}
        height={140}
        series={[
          {
            label: 'error rate %',
            values: times.map((_, index) =>
              all[index] ? Math.round((errors[index]! / all[index]!) * 10000) / 100 : null,
            ),
            color: PALETTE[1],
          },
        ]}
      />
    </>
  );
}

/** Daily, weekly and monthly active users per day, from `series=active-users`. */
export function ActiveUsersChart({ points, span }: { points: ActivePoint[]; span: Span }) {
  const times = points.map((point) => bucketTime(point.day));
  return (
    <LineChart
      label="Active users per day"
      times={times}
      span={span}
      height={180}
      series={[
        { label: 'DAU', values: points.map((point) => point.dau), color: PALETTE[0] },
        { label: 'WAU (7 days)', values: points.map((point) => point.wau), color: PALETTE[2] },
        { label: 'MAU (30 days)', values: points.map((point) => point.mau), color: PALETTE[3] },
      ]}
    />
  );
}
