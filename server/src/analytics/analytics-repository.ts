import type { SqlDatabase, SqlValue } from '../storage/sql-database.ts';
import type { StoredEvent } from '../storage/types.ts';
import { fingerprintOf } from './error-groups.ts';
import type { ErrorStatus, ErrorStatusRow } from './error-groups.ts';
import type { FunnelEvent } from './funnel.ts';
import { FIRST_MONDAY_MS, WEEK_MS } from './retention.ts';
import type { VitalRow } from './vitals-summary.ts';

/** A half-open time range in epoch ms. */
export interface TimeRange {
  since: number;
  until: number;
}

/**
 * The reads behind funnels, retention, vitals and error groups. SQL only selects and groups on plain columns
 * (the same on both databases); whatever reads event props or computes a share happens in the pure modules.
 * People are counted by anonymous id: it is on every event, before and after a user signs in.
 */
export interface AnalyticsRepository {
  /** Events matching any step name (or any page view, for `page:/path` steps), as funnel input. */
  funnelEvents(steps: readonly string[], range: TimeRange): Promise<FunnelEvent[]>;
  /** Each person's variation of `experiment`: their first exposure, not counting staff-forced ones. */
  variations(experiment: string, until: number): Promise<Map<string, string>>;
  /** (person, week) pairs with any activity. */
  weeklyActivity(range: TimeRange): Promise<{ actor: string; week: number }[]>;
  vitals(range: TimeRange, path?: string): Promise<(VitalRow & { sessionId: string })[]>;
  errorEvents(range: TimeRange, fingerprint?: string): Promise<StoredEvent[]>;
  errorStatuses(): Promise<ErrorStatusRow[]>;
  setErrorStatus(fingerprint: string, status: ErrorStatus, at: number): Promise<void>;
  sessions(range: TimeRange): Promise<string[]>;
  sessionsWithEvent(name: string, range: TimeRange): Promise<Set<string>>;
}

/** The analytics reads on either database. */
export function createAnalyticsRepository(db: SqlDatabase): AnalyticsRepository {
  const bodies = async (sql: string, params: SqlValue[]) => (await db.all<{ body: string }>(sql, params)).map((row) => JSON.parse(row.body) as StoredEvent);
  return {
    async funnelEvents(steps, { since, until }) {
      const names = steps.filter((step) => !step.startsWith('page:'));
      const wantsPages = names.length < steps.length;
      const clauses = [...(names.length ? [`name IN (${names.map(() => '?').join(', ')})`] : []), ...(wantsPages ? ["type = 'page'"] : [])];
      const events = await bodies(`SELECT body FROM events WHERE corrected_ts >= ? AND corrected_ts < ? AND (${clauses.join(' OR ')})`, [since, until, ...names]);
      return events.flatMap((event) => {
        const matches: FunnelEvent[] = [];
        if (event.name && names.includes(event.name)) matches.push({ actor: event.anonymousId, ts: event.correctedTs, step: event.name });
        if (event.type === 'page' && event.page) matches.push({ actor: event.anonymousId, ts: event.correctedTs, step: `page:${event.page.path}` });
        return matches;
      });
    },
    async variations(experiment, until) {
      const exposures = await bodies("SELECT body FROM events WHERE type = 'exposure' AND corrected_ts < ? ORDER BY corrected_ts, id", [until]);
      const found = new Map<string, string>();
      for (const event of exposures) {
        const props = event.props ?? {};
        if (props.experiment !== experiment || props.variation === undefined || props.forced === true || event.tags?.includes('override')) continue;
        if (!found.has(event.anonymousId)) found.set(event.anonymousId, String(props.variation));
      }
      return found;
    },
    weeklyActivity: ({ since, until }) =>
      db.all<{ actor: string; week: number }>(
        // Constants inlined: PostgreSQL sees two parameterised copies of one expression as different expressions.
        `SELECT anonymous_id AS actor, (corrected_ts - ${FIRST_MONDAY_MS}) / ${WEEK_MS} AS week FROM events
         WHERE corrected_ts >= ? AND corrected_ts < ? GROUP BY anonymous_id, (corrected_ts - ${FIRST_MONDAY_MS}) / ${WEEK_MS}`,
        [since, until],
      ),
    vitals: ({ since, until }, path) =>
      db.all<VitalRow & { sessionId: string }>(
        `SELECT path, name, value, rating, session_id AS "sessionId" FROM vitals WHERE ts >= ? AND ts < ?${path === undefined ? '' : ' AND path = ?'}`,
        path === undefined ? [since, until] : [since, until, path],
      ),
    errorEvents: async ({ since, until }, fingerprint) => {
      const events = await bodies("SELECT body FROM events WHERE type = 'error' AND corrected_ts >= ? AND corrected_ts < ? ORDER BY corrected_ts, id", [since, until]);
      return fingerprint === undefined ? events : events.filter((event) => fingerprintOf(event) === fingerprint);
    },
    errorStatuses: () =>
      db.all<ErrorStatusRow>('SELECT fingerprint, status, status_changed_at AS "statusChangedAt" FROM error_groups'),
    async setErrorStatus(fingerprint, status, at) {
      await db.run(
        'INSERT INTO error_groups (fingerprint, status, status_changed_at) VALUES (?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET status = excluded.status, status_changed_at = excluded.status_changed_at',
        [fingerprint, status, at],
      );
    },
    sessions: async ({ since, until }) =>
      (await db.all<{ id: string }>('SELECT DISTINCT session_id AS id FROM events WHERE corrected_ts >= ? AND corrected_ts < ? ORDER BY session_id', [since, until])).map((row) => row.id),
    sessionsWithEvent: async (name, { since, until }) =>
      new Set((await db.all<{ id: string }>('SELECT DISTINCT session_id AS id FROM events WHERE name = ? AND corrected_ts >= ? AND corrected_ts < ?', [name, since, until])).map((row) => row.id)),
  };
}
