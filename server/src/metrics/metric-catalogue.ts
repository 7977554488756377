/** How a metric's values from several API processes combine into one: summed (rates, sizes per process) or averaged. */
export type CrossInstance = 'sum' | 'avg' | 'max' | 'min';

/** One sampled metric: its name in the series API, its Prometheus help text, its unit and how replicas combine. */
export interface MetricDefinition {
  help: string;
  unit: string;
  across: CrossInstance;
}

/**
 * Every metric the sampler records every 10 s, by name. Per-route HTTP figures are added under
 * `http_route:<METHOD> <template>:<figure>` names (see `routeMetricName`); they are not listed here because
 * the route set is the app's.
 */
export const METRICS = {
  process_cpu_percent: { help: 'CPU used by this process, percent of one core', unit: '%', across: 'sum' },
  system_cpu_percent: { help: 'CPU used by the whole machine, percent of all cores', unit: '%', across: 'avg' },
  memory_rss_mb: { help: 'Resident set size of this process', unit: 'MB', across: 'sum' },
  memory_heap_used_mb: { help: 'V8 heap in use', unit: 'MB', across: 'sum' },
  system_memory_used_percent: { help: 'Memory in use on the machine', unit: '%', across: 'avg' },
  event_loop_delay_p50_ms: {
    help: 'Event-loop delay median over the interval, sampling resolution subtracted',
    unit: 'ms',
    across: 'max',
  },
  event_loop_delay_p99_ms: {
    help: 'Event-loop delay p99 over the interval, sampling resolution subtracted',
    unit: 'ms',
    across: 'max',
  },
  event_loop_delay_max_ms: {
    help: 'Event-loop delay max over the interval, sampling resolution subtracted',
    unit: 'ms',
    across: 'max',
  },
  gc_pause_ms: { help: 'Time spent in garbage-collection pauses during the interval', unit: 'ms', across: 'sum' },
  gc_count: { help: 'Garbage collections during the interval', unit: 'count', across: 'sum' },
  network_in_bytes_per_second: { help: 'Bytes read from HTTP sockets', unit: 'B/s', across: 'sum' },
  network_out_bytes_per_second: { help: 'Bytes written to HTTP sockets', unit: 'B/s', across: 'sum' },
  http_requests_per_second: { help: 'API requests answered', unit: 'req/s', across: 'sum' },
  http_latency_p50_ms: { help: 'API latency p50 over the interval', unit: 'ms', across: 'max' },
  http_latency_p99_ms: { help: 'API latency p99 over the interval', unit: 'ms', across: 'max' },
  http_5xx_per_second: { help: 'API answers with a 5xx status', unit: 'req/s', across: 'sum' },
  http_429_per_second: { help: 'API answers refused by the rate limiter (429)', unit: 'req/s', across: 'sum' },
  ingest_requests_per_second: {
    help: 'Ingest requests (POST /api/analytics/events and /api/errors)',
    unit: 'req/s',
    across: 'sum',
  },
  ingest_5xx_per_second: { help: 'Ingest requests answered 5xx', unit: 'req/s', across: 'sum' },
  ingest_429_per_second: { help: 'Ingest requests answered 429', unit: 'req/s', across: 'sum' },
  ingest_events_per_second: { help: 'Events stored (new ids only)', unit: 'events/s', across: 'sum' },
  sample_rate_min: {
    help: 'Lowest sampleRate handed to a client in the interval (1 = keep everything)',
    unit: 'ratio',
    across: 'min',
  },
  sample_rate_avg: { help: 'Average sampleRate handed to clients in the interval', unit: 'ratio', across: 'avg' },
  db_write_p99_ms: { help: 'Event insert (one grouped write) latency p99', unit: 'ms', across: 'max' },
  db_size_mb: { help: 'Database size on disk', unit: 'MB', across: 'max' },
  db_pool_in_use: { help: 'PostgreSQL pool connections in use (0 on SQLite)', unit: 'connections', across: 'sum' },
  db_pool_waiting: { help: 'Queries waiting for a PostgreSQL pool connection', unit: 'queries', across: 'sum' },
  disk_free_percent: { help: 'Free space on the data volume', unit: '%', across: 'min' },
  client_dropped_per_minute: {
    help: 'Events widgets reported dropping from their outboxes (client_report)',
    unit: 'events/min',
    across: 'sum',
  },
  client_outbox_backlog: {
    help: 'Largest outbox backlog a widget reported in the interval (client_report props.backlog)',
    unit: 'items',
    across: 'max',
  },
  health_score: { help: 'Health score 0-100 (see docs/operations.md)', unit: 'score', across: 'min' },
} as const satisfies Record<string, MetricDefinition>;

/** A known metric name. */
export type MetricName = keyof typeof METRICS;

/** One sample: metric name to value. */
export type MetricValues = Partial<Record<string, number>>;

/** The name a per-route figure is stored under, e.g. `http_route:POST /api/analytics/events:p99_ms`. */
export function routeMetricName(route: string, figure: 'requests_per_second' | 'p99_ms' | 'errors_per_second'): string {
  return `http_route:${route}:${figure}`;
}

/** How values of `name` from several replicas combine; per-route rates sum, latencies take the max. */
export function crossInstanceOf(name: string): CrossInstance {
  if (name in METRICS) return METRICS[name as MetricName].across;
  return name.endsWith('_ms') ? 'max' : 'sum';
}
