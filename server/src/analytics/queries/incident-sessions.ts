import type { AnalyticsDb } from './analytics-db.ts';

/**
 * Which events can have made an alert's condition true for one key: error events of one fingerprint, or one
 * vital's reports on one route template, since the start of the rule's window; a page of the sessions they hit.
 */
export interface IncidentSessionsParams {
  type: 'error' | 'vital';
  /** The vital's metric (`LCP`); none for errors. */
  name?: string;
  /** The error group (the projection's `fingerprint`, as `fingerprintOf` computes it). */
  fingerprint?: string;
  /** The route template (the projection's `route`, as `routeTemplate` computes it from the page path). */
  route?: string;
  since: number;
  limit: number;
  offset: number;
}

/**
 * A page of sessions an incident's events hit: one event each (the session's latest match), newest first, by id
 * and clock-corrected time (the record's index and partitions are by time, then id).
 */
export interface IncidentSessionsAnswer {
  events: { id: string; ts: number }[];
}

/**
 * The sessions whose events made an incident's condition true, one event each, newest session first: the engine
 * filters by fingerprint or route template over every event of the window, so no match is missed at any volume.
 * One event per session is enough to learn its site: a session id lives in the page's own storage, which
 * browsers keep per origin (https://html.spec.whatwg.org/multipage/webstorage.html#the-localstorage-attribute).
 */
export async function incidentSessionsQuery(
  db: AnalyticsDb,
  { type, name, fingerprint, route, since, limit, offset }: IncidentSessionsParams,
): Promise<IncidentSessionsAnswer> {
  const filters: [string, unknown][] = [
    ['type = ?', type],
    ['ts >= ?', since],
    ...(name === undefined ? [] : ([['name = ?', name]] as [string, unknown][])),
    ...(fingerprint === undefined ? [] : ([['fingerprint = ?', fingerprint]] as [string, unknown][])),
    ...(route === undefined ? [] : ([["coalesce(route, '') = ?", route]] as [string, unknown][])),
  ];
  const rows = await db.all<{ id: string; ts: number }>(
    `SELECT arg_max(id, {'ts': ts, 'id': id}) AS id, max(ts) AS ts FROM events
     WHERE ${filters.map(([clause]) => clause).join(' AND ')}
     GROUP BY session_id ORDER BY ts DESC, id DESC LIMIT ? OFFSET ?`,
    [...filters.map(([, value]) => value), limit, offset],
  );
  return { events: rows.map(({ id, ts }) => ({ id, ts })) };
}
