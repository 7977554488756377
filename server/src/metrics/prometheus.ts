import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { RequestMetrics } from '../request-metrics.ts';
import { METRICS } from './metric-catalogue.ts';
import type { MetricName, MetricValues } from './metric-catalogue.ts';

/** What `/metrics` reads on each scrape. */
export interface PrometheusSources {
  latest: () => MetricValues;
  requests: RequestMetrics;
  /** Desired replicas per scaling policy (empty without policies). */
  desiredReplicas?: () => Record<string, number>;
}

/**
 * A prom-client registry: Node's default process metrics (prefixed `insights_`), every sampled metric as an
 * `insights_<name>` gauge, per-route figures labelled by route, request totals by status class, and
 * `insights_desired_replicas{policy}` for an autoscaler to follow.
 */
export function createPrometheusRegistry(sources: PrometheusSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'insights_' });
  for (const [name, definition] of Object.entries(METRICS)) {
    new Gauge({
      name: `insights_${name}`,
      help: `${definition.help} (${definition.unit})`,
      registers: [registry],
      collect() {
        const value = sources.latest()[name as MetricName];
        if (typeof value === 'number') this.set(value);
      },
    });
  }
  new Gauge({
    name: 'insights_http_route',
    help: 'Per route template over the last sample: requests_per_second, p99_ms, errors_per_second',
    labelNames: ['route', 'figure'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [name, value] of Object.entries(sources.latest())) {
        const match = /^http_route:(.+):(requests_per_second|p99_ms|errors_per_second)$/.exec(name);
        if (match && typeof value === 'number') this.set({ route: match[1]!, figure: match[2]! }, value);
      }
    },
  });
  new Gauge({
    name: 'insights_http_requests',
    help: 'API requests answered since the process started, by status class (a counter kept as a gauge so it is read, not incremented)',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      for (const [status, count] of Object.entries(sources.requests.snapshot().byStatus)) this.set({ status }, count);
    },
  });
  new Gauge({
    name: 'insights_desired_replicas',
    help: 'Replicas the scaling policy wants (see docs/operations.md, "Scaling policies")',
    labelNames: ['policy'],
    registers: [registry],
    collect() {
      for (const [policy, replicas] of Object.entries(sources.desiredReplicas?.() ?? {}))
        this.set({ policy }, replicas);
    },
  });
  return registry;
}
