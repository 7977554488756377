import type { Migration } from '../storage/migrations.ts';

/**
 * The outbound area's tables. `outbound_deliveries` is the one delivery log of every outbound call (bug-report
 * webhooks, alert channels…), keyed by what was sent: it replaces the feedback area's `webhook_deliveries`,
 * whose rows move over as kind `bug-report`. Network error texts logged before the outbound client existed
 * named hosts and ports; they move over as the generic text.
 */
export const outboundMigrations: readonly Migration[] = [
  {
    id: 'outbound-001-deliveries',
    sql: `CREATE TABLE outbound_deliveries (
     kind TEXT NOT NULL,
     subject_id TEXT NOT NULL,
     attempt INTEGER NOT NULL,
     at BIGINT NOT NULL,
     target TEXT NOT NULL,
     ok INTEGER NOT NULL,
     status INTEGER,
     error TEXT,
     PRIMARY KEY (kind, subject_id, attempt)
   );
   INSERT INTO outbound_deliveries (kind, subject_id, attempt, at, target, ok, status, error)
     SELECT 'bug-report', report_id, attempt, at, webhook, ok, status,
            CASE WHEN ok = 0 AND status IS NULL THEN 'no answer from the destination' ELSE error END
       FROM webhook_deliveries;
   DROP TABLE webhook_deliveries;`,
  },
];
