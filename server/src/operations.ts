import { hostname } from 'node:os';
import type { Registry } from 'prom-client';
import type { Alerting } from './alerts/alerting.ts';
import type { Scaling } from './scaling/scaling.ts';
import type { BugReportDeliveries } from './feedback/bug-report-deliveries.ts';
import { createIngestMeter } from './metrics/ingest-meter.ts';
import type { IngestMeter } from './metrics/ingest-meter.ts';
import { createMetricsRepository } from './metrics/metrics-repository.ts';
import type { MetricsRepository } from './metrics/metrics-repository.ts';
import { createMetricsSampler } from './metrics/metrics-sampler.ts';
import type { MetricsSampler } from './metrics/metrics-sampler.ts';
import type { NetworkMeter } from './metrics/network-meter.ts';
import { createProcessProbe } from './metrics/process-probe.ts';
import { createPrometheusRegistry } from './metrics/prometheus.ts';
import { createRequestMetrics } from './request-metrics.ts';
import type { RequestMetrics } from './request-metrics.ts';
import type { SqlDatabase } from './storage/sql-database.ts';

/** The operations side of one API process: request counters, ingest meter, metrics sampler, Prometheus registry. */
export interface Operations {
  instance: string;
  /** The data folder (its volume's free space counts in health and the capacity plan). */
  dataDir?: string;
  requests: RequestMetrics;
  ingest: IngestMeter;
  repository: MetricsRepository;
  sampler: MetricsSampler;
  registry: Registry;
  /** Called by the Node runner once the HTTP server exists, so socket bytes can be counted. */
  attachNetwork(meter: NetworkMeter): void;
  /** Desired replicas per scaling policy, set by the scaling evaluator. */
  desiredReplicas: Record<string, number>;
  /** Alert evaluation and delivery, made by `createApp` (it needs the app's outbound client and flag store). */
  alerting?: Alerting;
  /** Scaling policies and their decisions, made by the Node runner from SCALING_POLICIES_FILE. */
  scaling?: Scaling;
  /** Bug-report webhook deliveries, made by `createApp`; the Node runner keeps them resuming (`start`). */
  bugReportDeliveries?: BugReportDeliveries;
}

/** Builds the operations parts over `db`; nothing runs until `sampler.start` is called. */
export function createOperations(
  db: SqlDatabase,
  options: { dataDir?: string; now?: () => number; instance?: string } = {},
): Operations {
  const requests = createRequestMetrics();
  const ingest = createIngestMeter();
  const repository = createMetricsRepository(db);
  let network: NetworkMeter | undefined;
  const instance = options.instance ?? `${hostname()}:${process.pid}`;
  const sampler = createMetricsSampler({
    db,
    repository,
    requests,
    ingest,
    process: createProcessProbe(),
    network: () => network,
    dataDir: options.dataDir,
    instance,
    now: options.now,
  });
  const desiredReplicas: Record<string, number> = {};
  const registry = createPrometheusRegistry({
    latest: sampler.latest,
    requests,
    desiredReplicas: () => desiredReplicas,
  });
  return {
    instance,
    dataDir: options.dataDir,
    requests,
    ingest,
    repository,
    sampler,
    registry,
    desiredReplicas,
    attachNetwork(meter) {
      network = meter;
    },
  };
}
