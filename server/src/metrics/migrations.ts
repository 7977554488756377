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
  {
    // open_key is "rule|key" while an incident is open and NULL once resolved: the unique index lets at most one
    // open incident exist per rule and key, whichever process (replica) tries to open a second.
    id: 'operations-002-alerts',
    sql: `CREATE TABLE alert_rules (
      id TEXT PRIMARY KEY,
      source TEXT NOT NULL,
      body TEXT NOT NULL,
      updated_at BIGINT NOT NULL
    );
    CREATE TABLE alert_incidents (
      id TEXT PRIMARY KEY,
      rule_id TEXT NOT NULL,
      key TEXT NOT NULL,
      status TEXT NOT NULL,
      opened_at BIGINT NOT NULL,
      resolved_at BIGINT,
      value DOUBLE PRECISION NOT NULL,
      summary TEXT NOT NULL,
      page TEXT NOT NULL,
      open_key TEXT UNIQUE
    );
    CREATE INDEX alert_incidents_by_rule ON alert_incidents (rule_id, key, opened_at);
    CREATE INDEX alert_incidents_by_time ON alert_incidents (opened_at, id);
    CREATE TABLE alert_notifications (
      id TEXT PRIMARY KEY,
      rule_id TEXT NOT NULL,
      incident_id TEXT,
      event TEXT NOT NULL,
      channel TEXT NOT NULL,
      message TEXT NOT NULL,
      status TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      next_attempt_at BIGINT NOT NULL,
      created_at BIGINT NOT NULL,
      last_error TEXT
    );
    CREATE INDEX alert_notifications_due ON alert_notifications (status, next_attempt_at);
    CREATE INDEX alert_notifications_by_time ON alert_notifications (created_at, id);
    CREATE TABLE job_runs (
      name TEXT PRIMARY KEY,
      last_run_at BIGINT NOT NULL,
      instance TEXT NOT NULL
    );`,
  },
  {
    // Shared by every API process on the database: one token bucket per key and client (RATE_LIMIT_STORE).
    id: 'operations-003-rate-buckets',
    sql: `CREATE TABLE rate_buckets (
      bucket TEXT PRIMARY KEY,
      tokens DOUBLE PRECISION NOT NULL,
      at BIGINT NOT NULL,
      allowed INTEGER NOT NULL
    );`,
  },
  {
    // Self-load-tests: progress while one runs (any replica can answer the dashboard), results after.
    id: 'operations-004-load-test-runs',
    sql: `CREATE TABLE load_test_runs (
      id TEXT PRIMARY KEY,
      instance TEXT NOT NULL,
      started_at BIGINT NOT NULL,
      finished_at BIGINT,
      status TEXT NOT NULL,
      progress TEXT NOT NULL,
      result TEXT
    );
    CREATE INDEX load_test_runs_by_time ON load_test_runs (started_at);`,
  },
  {
    id: 'operations-005-scaling-decisions',
    sql: `CREATE TABLE scaling_decisions (
      id TEXT PRIMARY KEY,
      policy TEXT NOT NULL,
      at BIGINT NOT NULL,
      from_replicas INTEGER NOT NULL,
      to_replicas INTEGER NOT NULL,
      reason TEXT NOT NULL
    );
    CREATE INDEX scaling_decisions_by_policy ON scaling_decisions (policy, at);`,
  },
];
