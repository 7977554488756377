import type { CapacityPlan } from '../../../server/src/metrics/capacity-plan.ts';
import type { MetricSeries } from '../../../server/src/metrics/metrics-repository.ts';
import { LineChart } from '../components/line-chart.tsx';
import { PALETTE } from '../components/pivot.ts';
import { CapacityFacts, WhatIfTable } from './operations-capacity-tables.tsx';

export type { CapacityPlan };

/** `GET /api/infrastructure/metrics`'s series: every sampled metric at one step, replicas combined. */
export interface MetricsSeries {
  series: { since: number; until: number; step: string; metrics: Record<string, MetricSeries> };
}

/** The charts of the Operations page: which sampled metrics share a chart, and its unit. */
const CHARTS: { title: string; unit: string; names: string[] }[] = [
  {
    title: 'API requests',
    unit: 'req/s',
    names: ['http_requests_per_second', 'http_5xx_per_second', 'http_429_per_second'],
  },
  { title: 'API latency', unit: 'ms', names: ['http_latency_p50_ms', 'http_latency_p99_ms'] },
  { title: 'Events stored', unit: 'events/s', names: ['ingest_events_per_second'] },
  { title: 'CPU', unit: '%', names: ['process_cpu_percent', 'system_cpu_percent'] },
  { title: 'Memory', unit: 'MB', names: ['memory_rss_mb', 'memory_heap_used_mb'] },
  { title: 'Event-loop delay', unit: 'ms', names: ['event_loop_delay_p99_ms', 'event_loop_delay_max_ms'] },
  { title: 'Database write p99', unit: 'ms', names: ['db_write_p99_ms'] },
  { title: 'Health score', unit: 'score', names: ['health_score'] },
];

/** One chart per group of sampled metrics (the step's average per bucket); groups with no samples are left out. */
export function InfrastructureCharts({ data }: { data: MetricsSeries }) {
  const { metrics, since, until, step } = data.series;
  const drawn = CHARTS.filter((chart) => chart.names.some((name) => metrics[name]?.at.length));
  if (!drawn.length)
    return (
      <p class="state empty">
        No samples in this window yet: the server samples every 10 s (METRICS_SAMPLE_MS), so wait a few seconds and
        refresh.
      </p>
    );
  return (
    <div class="chart-grid">
      {drawn.map((chart) => {
        const times = [...new Set(chart.names.flatMap((name) => metrics[name]?.at ?? []))].sort((a, b) => a - b);
        const series = chart.names
          .filter((name) => metrics[name]?.at.length)
          .map((name, index) => {
            const values = new Map(metrics[name]!.at.map((at, position) => [at, metrics[name]!.avg[position]!]));
            return {
              label: name,
              values: times.map((time) => values.get(time) ?? null),
              color: PALETTE[index % PALETTE.length]!,
            };
          });
        return (
          <div key={chart.title} data-chart={chart.title}>
            <h3>
              {chart.title}{' '}
              <span class="muted">
                ({chart.unit}, per {step})
              </span>
            </h3>
            <LineChart
              label={`${chart.title} in ${chart.unit}`}
              times={times}
              series={series}
              span={{ since, until }}
              height={150}
            />
          </div>
        );
      })}
    </div>
  );
}

/** The capacity plan: growth, headroom in days, cost per million events, what-ifs and the plan's own notes. */
export function CapacityView({ plan }: { plan: CapacityPlan }) {
  return (
    <>
      <CapacityFacts plan={plan} />
      {plan.dailyEvents.length ? <DailyEventsChart days={plan.dailyEvents} /> : null}
      <WhatIfTable rows={plan.whatIf} />
      {plan.notes.length ? (
        <ul class="plain muted">
          {plan.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** Events stored per day as bars. */
function DailyEventsChart({ days }: { days: CapacityPlan['dailyEvents'] }) {
  // A day either side, so one day's bar is drawn on a readable axis rather than one that spans years.
  const times = days.map((day) => Date.parse(`${day.day}T00:00:00Z`));
  const span = { since: Math.min(...times) - 86_400_000, until: Math.max(...times) + 86_400_000 };
  return (
    <LineChart
      label="Events stored per day"
      times={times}
      series={[{ label: 'events per day', values: days.map((day) => day.events), color: PALETTE[0] }]}
      height={150}
      bars
      span={span}
    />
  );
}
