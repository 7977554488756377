import type { Migration } from '../storage/migrations.ts';

/**
 * Operations tables: sampled metrics (raw 10 s rows, 1-minute and 1-hour rollups, one row per metric, process
 * and time), alert rules, incidents and deliveries, scaling decisions, leases, shared rate-limit buckets and
 * load-test runs. The same SQL runs on SQLite and PostgreSQL.
 */
export const operationsMigrations: readonly Migration[] = [
  {
    id: 'operations-001-metric-samples',
    sql: `CREATE TABLE metric_samples (
      resolution TEXT NOT NULL,
      at BIGINT NOT NULL,
      name TEXT NOT NULL,
      instance TEXT NOT NULL,
      avg DOUBLE PRECISION NOT NULL,
      max DOUBLE PRECISION NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (resolution, at, name, instance)
    );`,
  },
];
