import type { BugRoutingRule } from '../../../shared/protocol.ts';
import { DESTINATION_NOT_ALLOWED } from '../outbound/outbound-client.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';

/** Where bug reports go: the routing rules, and the reports whose webhook is still owed a delivery. */
export interface BugRoutingRepository {
  getRoutingRules(): Promise<BugRoutingRule[]>;
  setRoutingRules(rules: readonly BugRoutingRule[], at: number): Promise<void>;
  /**
   * Reports filed at `since` or later (epoch ms) with a webhook that has neither succeeded nor ended for good (3xx,
   * 4xx other than 429, not allowed) and had fewer than `maxAttempts` attempts, oldest first, with how many attempts
   * they had.
   */
  unfinishedDeliveries(maxAttempts: number, since?: number): Promise<UnfinishedDelivery[]>;
  /** The same for one report: undefined once its delivery finished (or it has no webhook). */
  unfinishedDelivery(id: string, maxAttempts: number): Promise<UnfinishedDelivery | undefined>;
}

/** A bug report whose webhook is still owed a delivery, and how many attempts it had. */
interface UnfinishedDelivery {
  id: string;
  webhook: string;
  attempts: number;
}

const ATTEMPTS = "(SELECT COUNT(*) FROM outbound_deliveries d WHERE d.kind = 'bug-report' AND d.subject_id = r.id)";
const UNFINISHED = `SELECT r.id, r.webhook, ${ATTEMPTS} AS attempts
   FROM bug_reports r
  WHERE r.webhook IS NOT NULL AND ${ATTEMPTS} < ?
    AND NOT EXISTS (SELECT 1 FROM outbound_deliveries d WHERE d.kind = 'bug-report' AND d.subject_id = r.id
                      AND (d.ok = 1 OR (d.status >= 300 AND d.status < 500 AND d.status <> 429) OR d.error = ?))`;

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
    async unfinishedDeliveries(maxAttempts, since = 0) {
      const rows = await db.all<UnfinishedDelivery>(`${UNFINISHED} AND r.created_at >= ? ORDER BY r.created_at, r.id`, [
        maxAttempts,
        DESTINATION_NOT_ALLOWED,
        since,
      ]);
      return rows.map(unfinishedDelivery);
    },
    async unfinishedDelivery(id, maxAttempts) {
      const row = await db.get<UnfinishedDelivery>(`${UNFINISHED} AND r.id = ?`, [
        maxAttempts,
        DESTINATION_NOT_ALLOWED,
        id,
      ]);
      return row && unfinishedDelivery(row);
    },
  };
}

/** A row as the repository answers it: PostgreSQL's COUNT is a BIGINT. */
function unfinishedDelivery(row: UnfinishedDelivery): UnfinishedDelivery {
  return { id: row.id, webhook: row.webhook, attempts: Number(row.attempts) };
}
