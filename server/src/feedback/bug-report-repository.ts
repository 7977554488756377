import type { BugReportInput, BugReportStatus } from '../../../shared/protocol.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { whereClause } from '../storage/where-clause.ts';

/** A stored bug report: what was sent plus where routing sent it. */
export interface StoredBugReport extends Omit<BugReportInput, 'id'> {
  id: string;
  createdAt: number;
  category: string;
  webhook?: string;
  /** The routing rule that matched, by name. */
  rule?: string;
  /**
   * Who filed it from the extension: the id it sends, else the staff credential's fingerprint; none from the
   * widget.
   */
  reporterId?: string;
}

/**
 * Where a report stands in triage: its status, and who set it when (absent while it is still the initial
 * `open`).
 */
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

/** Storage of bug reports and their triage. */
export interface BugReportRepository {
  /** Stores a report; false when its id was already stored (a retried submission). */
  addBugReport(report: StoredBugReport): Promise<boolean>;
  getBugReport(id: string): Promise<(StoredBugReport & BugReportTriage) | undefined>;
  listBugReports(filter: BugReportFilter): Promise<(BugReportSummary & BugReportTriage)[]>;
  /**
   * Sets a report's triage status, recording who and when; the new triage, or undefined when there is no such
   * report.
   */
  setBugReportStatus(id: string, status: BugReportStatus, by: string, at: number): Promise<BugReportTriage | undefined>;
}

/** The bug reports over the shared SQL seam. */
export function createBugReportRepository(db: SqlDatabase): BugReportRepository {
  return {
    async addBugReport(report) {
      const { changes } = await db.run(
        `INSERT INTO bug_reports (id, created_at, source, severity, category, webhook, page_path, session_id, user_id,
                                  reporter_id, body)
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
