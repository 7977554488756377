import type { ErrorGroup, ErrorStatus, ErrorStatusRow } from '../error-groups.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { byLocale } from './sql-parts.ts';

/** An error groups read: a time range, the owners' decisions (kept in the record), an optional status filter. */
export interface ErrorGroupsParams {
  since: number;
  until: number;
  statuses: readonly ErrorStatusRow[];
  status?: ErrorStatus;
}

interface GroupRow {
  fingerprint: string;
  type: string;
  kind: string;
  message: string;
  frames: string;
  count: number;
  users: number;
  sessions: number;
  firstSeen: number;
  lastSeen: number;
}

/**
 * Error events grouped by fingerprint: occurrences (folded counts included), distinct people (user id, else
 * anonymous id) and sessions, first and last seen, and type, kind, message and frames of the latest occurrence
 * (the last in time then id order, as `groupErrors` walks them).
 */
function groupsSql(fingerprint: boolean): string {
  return `SELECT fingerprint, arg_max(error_type, {'ts': ts, 'id': id}) AS type, arg_max(error_kind, {'ts': ts, 'id': id}) AS kind,
      arg_max(message, {'ts': ts, 'id': id}) AS message, arg_max(frames, {'ts': ts, 'id': id}) AS frames, sum(error_count) AS count,
      count(DISTINCT coalesce(user_id, anonymous_id)) AS users, count(DISTINCT session_id) AS sessions, min(ts) AS "firstSeen", max(ts) AS "lastSeen"
    FROM error_events WHERE ts >= ? AND ts < ?${fingerprint ? ' AND fingerprint = ?' : ''} GROUP BY fingerprint`;
}

/** Joins each group with its owner's decision: open by default; resolved before its last occurrence is regressed. */
function withStatus(rows: readonly GroupRow[], statuses: readonly ErrorStatusRow[]): ErrorGroup[] {
  const decided = new Map(statuses.map((row) => [row.fingerprint, row]));
  return rows
    .map(({ frames, ...row }) => {
      const decision = decided.get(row.fingerprint);
      const status = decision?.status ?? 'open';
      return {
        ...row,
        status,
        regressed: status === 'resolved' && row.lastSeen > decision!.statusChangedAt,
        frames: JSON.parse(frames) as unknown[],
      };
    })
    .sort((a, b) => b.lastSeen - a.lastSeen || byLocale(a.fingerprint, b.fingerprint));
}

/** `GET /errors/groups`: the groups of the range, newest activity first, as `groupErrors` answers. */
export async function errorGroupsQuery(
  db: AnalyticsDb,
  { since, until, statuses, status }: ErrorGroupsParams,
): Promise<{ groups: ErrorGroup[] }> {
  const groups = withStatus(await db.all<GroupRow>(groupsSql(false), [since, until]), statuses);
  return { groups: status ? groups.filter((group) => group.status === status) : groups };
}

/** One group over all time (what `PATCH /errors/groups/:fingerprint` answers), or undefined when it never happened. */
export async function errorGroupQuery(
  db: AnalyticsDb,
  { fingerprint, statuses }: { fingerprint: string; statuses: readonly ErrorStatusRow[] },
): Promise<ErrorGroup | undefined> {
  return withStatus(await db.all<GroupRow>(groupsSql(true), [0, Number.MAX_SAFE_INTEGER, fingerprint]), statuses)[0];
}
