import type { Migration } from '../storage/migrations.ts';

/**
 * The feedback area's tables, numbered in order; the same SQL runs on SQLite and PostgreSQL (BIGINT for epoch
 * milliseconds, TEXT for JSON bodies). NPS answers and free-text feedback are events (`type: 'nps'` /
 * `'feedback'`) in the events table, so the widget's outbox and the direct routes store them the same way.
 */
export const feedbackMigrations: readonly Migration[] = [
  {
    id: 'feedback-001-create',
    sql: `CREATE TABLE feature_requests (
     id TEXT PRIMARY KEY,
     title TEXT NOT NULL,
     description TEXT,
     user_id TEXT,
     anonymous_id TEXT,
     created_at BIGINT NOT NULL
   );
   CREATE TABLE feature_votes (
     request_id TEXT NOT NULL REFERENCES feature_requests (id),
     voter_id TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     PRIMARY KEY (request_id, voter_id)
   );
   CREATE TABLE bug_reports (
     id TEXT PRIMARY KEY,
     created_at BIGINT NOT NULL,
     source TEXT NOT NULL,
     severity TEXT NOT NULL,
     category TEXT NOT NULL,
     webhook TEXT,
     page_path TEXT,
     session_id TEXT,
     user_id TEXT,
     body TEXT NOT NULL
   );
   CREATE INDEX bug_reports_by_time ON bug_reports (created_at, id);
   CREATE TABLE bug_routing_rules (
     id INTEGER PRIMARY KEY,
     rules TEXT NOT NULL,
     updated_at BIGINT NOT NULL
   );
   CREATE TABLE webhook_deliveries (
     report_id TEXT NOT NULL,
     attempt INTEGER NOT NULL,
     at BIGINT NOT NULL,
     webhook TEXT NOT NULL,
     ok INTEGER NOT NULL,
     status INTEGER,
     error TEXT,
     PRIMARY KEY (report_id, attempt)
   );`,
  },
  {
    // Staff decide what happens to a request; existing requests start open.
    id: 'feedback-002-feature-request-status',
    sql: "ALTER TABLE feature_requests ADD COLUMN status TEXT NOT NULL DEFAULT 'open'",
  },
  {
    // Triage: staff set a report's status (who and when are kept with it); the reporter is who filed it from the
    // extension, so "My reports" can list one person's reports. Existing reports start open, reporter unknown.
    id: 'feedback-003-bug-report-triage',
    sql: `ALTER TABLE bug_reports ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
   ALTER TABLE bug_reports ADD COLUMN status_changed_by TEXT;
   ALTER TABLE bug_reports ADD COLUMN status_changed_at BIGINT;
   ALTER TABLE bug_reports ADD COLUMN reporter_id TEXT;
   CREATE INDEX bug_reports_by_reporter ON bug_reports (reporter_id, created_at, id);`,
  },
];
