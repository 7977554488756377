import type { Migration } from '../storage/migrations.ts';

/** Tables for events and the owners' decisions on error groups; every aggregate lives in the analytics projection. */
export const analyticsMigrations: Migration[] = [
  {
    // IF NOT EXISTS: databases made before the migration registry already have this exact table.
    id: 'events-001-create',
    sql: `CREATE TABLE IF NOT EXISTS events (
      id TEXT PRIMARY KEY,
      type TEXT NOT NULL,
      name TEXT,
      ts BIGINT NOT NULL,
      corrected_ts BIGINT NOT NULL,
      received_at BIGINT NOT NULL,
      session_id TEXT NOT NULL,
      anonymous_id TEXT NOT NULL,
      user_id TEXT,
      body TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS events_by_time ON events (corrected_ts, id);
    CREATE INDEX IF NOT EXISTS events_by_session ON events (session_id, corrected_ts);
    CREATE INDEX IF NOT EXISTS events_by_type ON events (type, name, corrected_ts);`,
  },
  {
    // web-vitals reports a metric again as it changes (same metric id); only its last value counts.
    id: 'vitals-001-create',
    sql: `CREATE TABLE vitals (
      metric_id TEXT PRIMARY KEY,
      event_id TEXT NOT NULL,
      name TEXT NOT NULL,
      value DOUBLE PRECISION NOT NULL,
      rating TEXT,
      path TEXT NOT NULL,
      session_id TEXT NOT NULL,
      ts BIGINT NOT NULL
    );
    CREATE INDEX vitals_by_page ON vitals (path, name);
    CREATE INDEX vitals_by_session ON vitals (session_id);`,
  },
  {
    id: 'errors-001-groups',
    sql: `CREATE TABLE error_groups (
      fingerprint TEXT PRIMARY KEY,
      status TEXT NOT NULL,
      status_changed_at BIGINT NOT NULL
    );`,
  },
  {
    // The vitals read model moved to the analytics projection: an upsert per vital on ingest (three B-trees with
    // random keys) made ingest slower as the table grew.
    id: 'vitals-002-drop',
    sql: 'DROP TABLE IF EXISTS vitals',
  },
];
