import type { AnalyticsEngine } from '../analytics/engine/analytics-engine.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import type { StoredEvent } from '../storage/types.ts';
import type { AlertRule } from './alert-rule.ts';
import { MAX_INCIDENT_ORIGINS, originSource, originsOf } from './incident-origins.ts';

/** Sessions read per page while finding an incident's origins (one event of each is read from the record). */
const ORIGIN_SESSIONS_PAGE = 500;

/**
 * The origins of the events that made an incident's condition true (none for kinds that watch the whole service).
 * The analytics engine finds the sessions those events hit, over the whole window; one event of each session is
 * read from the record for its page address, a page of sessions at a time, until the cap or the last session.
 */
export async function findIncidentOrigins(
  db: SqlDatabase,
  engine: Pick<AnalyticsEngine, 'run'>,
  incident: { ruleId: string; key: string; openedAt: number },
): Promise<string[]> {
  const rule = await db.get<{ body: string }>('SELECT body FROM alert_rules WHERE id = ?', [incident.ruleId]);
  const source = rule && originSource(JSON.parse(rule.body) as AlertRule, incident.key, incident.openedAt);
  if (!source) return [];
  const { matches: _matches, ...filter } = source;
  const found = new Set<string>();
  for (let offset = 0; found.size < MAX_INCIDENT_ORIGINS; offset += ORIGIN_SESSIONS_PAGE) {
    // No upper bound at the opening time: the evaluator takes its clock before it reads, so the events that made
    // the condition true can be stamped a moment after it.
    const { events } = await engine.run('incidentSessions', { ...filter, limit: ORIGIN_SESSIONS_PAGE, offset });
    if (!events.length) break;
    // By time and id: the record's index (and PostgreSQL's partitions) are by time, then id.
    const rows = await db.all<{ body: string }>(
      `SELECT body FROM events WHERE ${events.map(() => '(corrected_ts = ? AND id = ?)').join(' OR ')}`,
      events.flatMap((event) => [event.ts, event.id]),
    );
    for (const origin of originsOf(
      rows.map((row) => JSON.parse(row.body) as StoredEvent),
      source,
    ))
      found.add(origin);
    if (events.length < ORIGIN_SESSIONS_PAGE) break;
  }
  return [...found].slice(0, MAX_INCIDENT_ORIGINS);
}
