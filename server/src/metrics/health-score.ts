import type { MetricValues } from './metric-catalogue.ts';

/** The health score and why it is below 100. */
export interface HealthScore {
  score: number;
  reasons: string[];
  components: HealthComponent[];
}

/** One term of the formula: a measured value, where it starts to cost and where it costs its whole weight. */
interface HealthComponent {
  name: string;
  value: number;
  unit: string;
  good: number;
  bad: number;
  weight: number;
  deduction: number;
}

/** What the formula reads: the latest sample plus request counts over the last 5 minutes and the last hour. */
export interface HealthInputs {
  latest: MetricValues;
  /** Ingest requests and those answered 5xx, last 5 minutes. */
  ingest: { requests: number; failed: number };
  /** All API requests and those answered 5xx, last hour. */
  hour: { requests: number; failed: number };
}

/** The availability objective the error budget is measured against: 99.9% of requests answered without a 5xx. */
const ERROR_BUDGET_SLO = 0.999;

/**
 * 100 minus a deduction per term, each linear between its `good` and `bad` bounds and capped at its weight
 * (weights add up to 100). Documented in docs/operations.md ("Health score"); change both together.
 */
export function healthScore({ latest, ingest, hour }: HealthInputs): HealthScore {
  const ingestSuccess = ingest.requests ? (1 - ingest.failed / ingest.requests) * 100 : 100;
  const budgetUsed = hour.requests ? (hour.failed / hour.requests / (1 - ERROR_BUDGET_SLO)) * 100 : 0;
  const terms: Omit<HealthComponent, 'deduction'>[] = [
    { name: 'ingest success rate', value: ingestSuccess, unit: '%', good: 99.9, bad: 95, weight: 25 },
    { name: 'API latency p99', value: latest.http_latency_p99_ms ?? 0, unit: 'ms', good: 250, bad: 2000, weight: 15 },
    {
      name: 'event-loop delay p99',
      value: latest.event_loop_delay_p99_ms ?? 0,
      unit: 'ms',
      good: 20,
      bad: 200,
      weight: 15,
    },
    { name: 'database write p99', value: latest.db_write_p99_ms ?? 0, unit: 'ms', good: 50, bad: 1000, weight: 15 },
    { name: 'free disk', value: latest.disk_free_percent ?? 100, unit: '%', good: 20, bad: 5, weight: 15 },
    { name: 'error budget used (last hour)', value: budgetUsed, unit: '%', good: 50, bad: 100, weight: 15 },
  ];
  const components = terms.map((term) => ({
    ...term,
    value: round(term.value),
    deduction: round(term.weight * share(term.value, term.good, term.bad)),
  }));
  const score = Math.max(0, Math.round(100 - components.reduce((sum, term) => sum + term.deduction, 0)));
  const reasons = components
    .filter((term) => term.deduction > 0)
    .sort((a, b) => b.deduction - a.deduction)
    .map(
      (term) =>
        `${term.name} ${term.value} ${term.unit} (${term.good < term.bad ? 'over' : 'under'} ${term.good} ${term.unit}): -${term.deduction}`,
    );
  return { score, reasons, components };
}

/** 0 at `good`, 1 at `bad` and beyond, linear between; works whichever way round the bounds go. */
function share(value: number, good: number, bad: number): number {
  const t = (value - good) / (bad - good);
  return Math.min(1, Math.max(0, t));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
