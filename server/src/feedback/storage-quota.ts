import { HttpError } from '../http-errors.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';

/** What the public write key may store per UTC day, in characters of stored JSON (about bytes for ASCII text). */
export interface StorageQuotas {
  /** Bug reports filed with the write key (`INSIGHTS_BUG_REPORT_QUOTA_BYTES`). */
  bugReportBytesPerDay: number;
  /** Feedback, NPS answers and feature requests sent with the write key (`INSIGHTS_FEEDBACK_QUOTA_BYTES`). */
  feedbackBytesPerDay: number;
}

/** Defaults: hundreds of real reports and thousands of comments a day, yet a bounded disk for anyone holding the page's key. */
export const DEFAULT_STORAGE_QUOTAS: StorageQuotas = {
  bugReportBytesPerDay: 64 * 1024 * 1024,
  feedbackBytesPerDay: 16 * 1024 * 1024,
};

const DAY_MS = 86_400_000;

/** The quota kinds, with the query that sums what the write key stored of each since a time. */
const USAGE_SQL = {
  bugReports:
    "SELECT COALESCE(SUM(LENGTH(body)), 0) AS used FROM bug_reports WHERE source = 'widget' AND created_at >= ?",
  feedback: `SELECT (SELECT COALESCE(SUM(LENGTH(body)), 0) FROM events WHERE type IN ('feedback', 'nps') AND received_at >= ?)
    + (SELECT COALESCE(SUM(LENGTH(title) + LENGTH(COALESCE(description, ''))), 0) FROM feature_requests WHERE created_at >= ?) AS used`,
} as const;

/** Which quota a write counts against. */
export type QuotaKind = keyof typeof USAGE_SQL;

/**
 * Refuses with 429 (and `Retry-After` until the next UTC midnight) a write-key write that would take today's
 * stored characters of its kind past the quota. Counted from the database, so several API processes share it.
 */
export async function requireStorageQuota(
  db: SqlDatabase,
  kind: QuotaKind,
  bytes: number,
  now: number,
  quotas: StorageQuotas = DEFAULT_STORAGE_QUOTAS,
): Promise<void> {
  const limit = kind === 'bugReports' ? quotas.bugReportBytesPerDay : quotas.feedbackBytesPerDay;
  if (!limit) return;
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
  const row = await db.get<{ used: number | string }>(
    USAGE_SQL[kind],
    kind === 'feedback' ? [dayStart, dayStart] : [dayStart],
  );
  const used = Number(row?.used ?? 0);
  if (used + bytes <= limit) return;
  const retryAfter = Math.max(1, Math.ceil((dayStart + DAY_MS - now) / 1000));
  const what = kind === 'bugReports' ? 'bug reports' : 'feedback, NPS answers and feature requests';
  throw new HttpError(
    429,
    `the public write key's daily storage quota for ${what} (${limit} bytes a day) is used up; it resets at 00:00 UTC`,
    undefined,
    { 'Retry-After': String(retryAfter) },
  );
}
