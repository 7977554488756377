import type { BugRoutingRule } from '../../../shared/protocol.ts';
import { DESTINATION_NOT_ALLOWED } from '../outbound/outbound-client.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';

/** Where bug reports go: the routing rules, and the reports whose webhook is still owed a delivery. */
export interface BugRoutingRepository {
  getRoutingRules(): Promise<BugRoutingRule[]>;
  setRoutingRules(rules: readonly BugRoutingRule[], at: number): Promise<void>;
  /**
   * Reports with a webhook that has neither succeeded nor ended for good (3xx, 4xx other than 429, not allowed),
   * and how many attempts they had.
   */
  unfinishedDeliveries(): Promise<{ id: string; webhook: string; attempts: number }[]>;
}

/** The routing rules (one row) and the webhook deliveries of bug reports, over the shared SQL seam. */
export function createBugRoutingRepository(db: SqlDatabase): BugRoutingRepository {
  return {
    async getRoutingRules() {
      const row = await db.get<{ rules: string }>('SELECT rules FROM bug_routing_rules WHERE id = 1');
      return row ? (JSON.parse(row.rules) as BugRoutingRule[]) : [];
    },
    async setRoutingRules(rules, at) {
      await db.run(
        `INSERT INTO bug_routing_rules (id, rules, updated_at) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at`,
        [JSON.stringify(rules), at],
      );
    },
    async unfinishedDeliveries() {
      const rows = await db.all<{ id: string; webhook: string; attempts: number }>(
        `SELECT r.id, r.webhook,
                (SELECT COUNT(*) FROM outbound_deliveries d WHERE d.kind = 'bug-report' AND d.subject_id = r.id)
                  AS attempts
           FROM bug_reports r
          WHERE r.webhook IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM outbound_deliveries d WHERE d.kind = 'bug-report' AND d.subject_id = r.id
                              AND (d.ok = 1 OR (d.status >= 300 AND d.status < 500 AND d.status <> 429) OR d.error = ?))
          ORDER BY r.created_at, r.id`,
        [DESTINATION_NOT_ALLOWED],
      );
      return rows.map((row) => ({ id: row.id, webhook: row.webhook, attempts: Number(row.attempts) }));
    },
  };
}
