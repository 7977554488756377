import type { BugReportInput, BugReportStatus, BugRoutingRule } from '../../../shared/protocol.ts';
import { DESTINATION_NOT_ALLOWED } from '../outbound/outbound-client.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { whereClause } from '../storage/where-clause.ts';

/** A feature request with its vote count and whether the asking voter has voted. */
export interface RankedFeatureRequest {
  id: string;
  title: string;
  description?: string;
  createdAt: number;
  votes: number;
  voted: boolean;
  status: FeatureRequestStatus;
}

/** What staff decided about a feature request. */
export const FEATURE_REQUEST_STATUSES = ['open', 'planned', 'in-progress', 'done', 'declined'] as const;
export type FeatureRequestStatus = (typeof FEATURE_REQUEST_STATUSES)[number];

/** A stored bug report: what was sent plus where routing sent it. */
export interface StoredBugReport extends Omit<BugReportInput, 'id'> {
  id: string;
  createdAt: number;
  category: string;
  webhook?: string;
  /** The routing rule that matched, by name. */
  rule?: string;
  /** Who filed it from the extension: the id it sends, else the staff credential's fingerprint; none from the widget. */
  reporterId?: string;
}

/** Where a report stands in triage: its status, and who set it when (absent while it is still the initial `open`). */
export interface BugReportTriage {
  status: BugReportStatus;
  statusChangedBy?: string;
  statusChangedAt?: number;
}

/** A bug report in a list: everything except the large attachments, which are counted instead. */
export interface BugReportSummary {
  id: string;
  createdAt: number;
  source: string;
  severity: string;
  category: string;
  description: string;
  pagePath?: string;
  sessionId?: string;
  userId?: string;
  reporterId?: string;
}

/** Which reports a list shows: newest first, before a time, of one reporter, in one status. */
interface BugReportFilter {
  limit: number;
  before?: number;
  reporterId?: string;
  status?: BugReportStatus;
}

/** Storage of feature requests, votes, bug reports and routing rules (webhook attempts live in the outbound delivery log). */
export interface FeedbackRepository {
  addFeatureRequest(request: {
    id: string;
    title: string;
    description?: string;
    userId?: string;
    anonymousId?: string;
    createdAt: number;
  }): Promise<boolean>;
  /** Records a vote; false when this voter had already voted for it. Throws RangeError for an unknown request. */
  vote(requestId: string, voterId: string, at: number): Promise<boolean>;
  rankedFeatureRequests(voterId: string | undefined, limit: number): Promise<RankedFeatureRequest[]>;
  /** Sets a request's status; false when there is no such request. */
  setFeatureRequestStatus(id: string, status: FeatureRequestStatus): Promise<boolean>;
  /** Stores a report; false when its id was already stored (a retried submission). */
  addBugReport(report: StoredBugReport): Promise<boolean>;
  getBugReport(id: string): Promise<(StoredBugReport & BugReportTriage) | undefined>;
  listBugReports(filter: BugReportFilter): Promise<(BugReportSummary & BugReportTriage)[]>;
  /** Sets a report's triage status, recording who and when; the new triage, or undefined when there is no such report. */
  setBugReportStatus(id: string, status: BugReportStatus, by: string, at: number): Promise<BugReportTriage | undefined>;
  getRoutingRules(): Promise<BugRoutingRule[]>;
  setRoutingRules(rules: readonly BugRoutingRule[], at: number): Promise<void>;
  /** Reports with a webhook that has neither succeeded nor ended for good (3xx, 4xx other than 429, not allowed), and how many attempts they had. */
  unfinishedDeliveries(): Promise<{ id: string; webhook: string; attempts: number }[]>;
}

/** The repository over the shared SQL seam; the same queries run on SQLite and PostgreSQL. */
export function createFeedbackRepository(db: SqlDatabase): FeedbackRepository {
  return {
    async addFeatureRequest(request) {
      return db.transaction(async (tx) => {
        const { changes } = await tx.run(
          'INSERT INTO feature_requests (id, title, description, user_id, anonymous_id, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
          [
            request.id,
            request.title,
            request.description ?? null,
            request.userId ?? null,
            request.anonymousId ?? null,
            request.createdAt,
          ],
        );
        const author = request.userId ?? request.anonymousId;
        // The author wants it: their vote counts from the start.
        if (changes && author)
          await tx.run(
            'INSERT INTO feature_votes (request_id, voter_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
            [request.id, author, request.createdAt],
          );
        return changes > 0;
      });
    },
    async vote(requestId, voterId, at) {
      const exists = await db.get<{ id: string }>('SELECT id FROM feature_requests WHERE id = ?', [requestId]);
      if (!exists) throw new RangeError(`no feature request ${requestId}`);
      const { changes } = await db.run(
        'INSERT INTO feature_votes (request_id, voter_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
        [requestId, voterId, at],
      );
      return changes > 0;
    },
    async rankedFeatureRequests(voterId, limit) {
      const rows = await db.all<{
        id: string;
        title: string;
        description: string | null;
        created_at: number;
        status: FeatureRequestStatus;
        votes: number;
        voted: number;
      }>(
        `SELECT r.id, r.title, r.description, r.created_at, r.status,
                COUNT(v.voter_id) AS votes,
                SUM(CASE WHEN v.voter_id = ? THEN 1 ELSE 0 END) AS voted
           FROM feature_requests r LEFT JOIN feature_votes v ON v.request_id = r.id
          GROUP BY r.id, r.title, r.description, r.created_at, r.status
          ORDER BY votes DESC, r.created_at ASC, r.id ASC
          LIMIT ?`,
        [voterId ?? null, limit],
      );
      return rows.map((row) => ({
        id: row.id,
        title: row.title,
        ...(row.description === null ? {} : { description: row.description }),
        createdAt: Number(row.created_at),
        votes: Number(row.votes),
        voted: Number(row.voted ?? 0) > 0,
        status: row.status,
      }));
    },
    async setFeatureRequestStatus(id, status) {
      const { changes } = await db.run('UPDATE feature_requests SET status = ? WHERE id = ?', [status, id]);
      return changes > 0;
    },
    async addBugReport(report) {
      const { changes } = await db.run(
        `INSERT INTO bug_reports (id, created_at, source, severity, category, webhook, page_path, session_id, user_id, reporter_id, body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
        [
          report.id,
          report.createdAt,
          report.source,
          report.severity,
          report.category,
          report.webhook ?? null,
          report.page?.path ?? null,
          report.sessionId ?? null,
          report.userId ?? null,
          report.reporterId ?? null,
          JSON.stringify(report),
        ],
      );
      return changes > 0;
    },
    async getBugReport(id) {
      const row = await db.get<BugReportRow>(`SELECT ${REPORT_COLUMNS} FROM bug_reports WHERE id = ?`, [id]);
      return row ? { ...(JSON.parse(row.body) as StoredBugReport), ...triageOf(row) } : undefined;
    },
    async listBugReports({ limit, before, reporterId, status }) {
      const where = whereClause([
        before !== undefined && ['created_at < ?', before],
        reporterId !== undefined && ['reporter_id = ?', reporterId],
        status !== undefined && ['status = ?', status],
      ]);
      const rows = await db.all<BugReportRow>(
        `SELECT ${REPORT_COLUMNS} FROM bug_reports ${where.sql}
          ORDER BY created_at DESC, id DESC LIMIT ?`,
        [...where.params, limit],
      );
      return rows.map((row) => ({ ...summarize(JSON.parse(row.body) as StoredBugReport), ...triageOf(row) }));
    },
    async setBugReportStatus(id, status, by, at) {
      const { changes } = await db.run(
        'UPDATE bug_reports SET status = ?, status_changed_by = ?, status_changed_at = ? WHERE id = ?',
        [status, by, at, id],
      );
      return changes ? { status, statusChangedBy: by, statusChangedAt: at } : undefined;
    },
    async getRoutingRules() {
      const row = await db.get<{ rules: string }>('SELECT rules FROM bug_routing_rules WHERE id = 1');
      return row ? (JSON.parse(row.rules) as BugRoutingRule[]) : [];
    },
    async setRoutingRules(rules, at) {
      await db.run(
        'INSERT INTO bug_routing_rules (id, rules, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at',
        [JSON.stringify(rules), at],
      );
    },
    async unfinishedDeliveries() {
      const rows = await db.all<{ id: string; webhook: string; attempts: number }>(
        `SELECT r.id, r.webhook, (SELECT COUNT(*) FROM outbound_deliveries d WHERE d.kind = 'bug-report' AND d.subject_id = r.id) AS attempts
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

const REPORT_COLUMNS = 'body, status, status_changed_by, status_changed_at';

interface BugReportRow {
  body: string;
  status: BugReportStatus;
  status_changed_by: string | null;
  status_changed_at: number | null;
}

function triageOf(row: BugReportRow): BugReportTriage {
  return {
    status: row.status,
    ...(row.status_changed_by === null ? {} : { statusChangedBy: row.status_changed_by }),
    ...(row.status_changed_at === null ? {} : { statusChangedAt: Number(row.status_changed_at) }),
  };
}

/** The list view of a report: no screenshot, replay or logs. */
function summarize(report: StoredBugReport): BugReportSummary {
  return {
    id: report.id,
    createdAt: report.createdAt,
    source: report.source,
    severity: report.severity,
    category: report.category,
    description: report.description,
    pagePath: report.page?.path,
    sessionId: report.sessionId,
    userId: report.userId,
    reporterId: report.reporterId,
  };
}
