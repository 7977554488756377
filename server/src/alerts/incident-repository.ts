import type { AnalyticsEngine } from '../analytics/engine/analytics-engine.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { whereClause } from '../storage/where-clause.ts';
import { findIncidentOrigins } from './find-incident-origins.ts';
import { insertNotifications } from './notification-repository.ts';
import type { Notification } from './notification-repository.ts';

/** An incident: one rule firing for one key, from when it opened until the condition cleared. */
export interface Incident {
  id: string;
  ruleId: string;
  key: string;
  status: 'open' | 'resolved';
  openedAt: number;
  resolvedAt?: number;
  value: number;
  summary: string;
  page: string;
  /**
   * The sites (page origins) it concerns: given by the evaluator, else found when it opens from the events that
   * made the condition true (`find-incident-origins.ts`). Empty: it concerns the whole service.
   */
  origins?: string[];
}

/** Which incidents a list shows; `origin` keeps those concerning that site, and those of the whole service. */
export interface IncidentFilter {
  status?: string;
  ruleId?: string;
  since?: number;
  origin?: string;
  limit: number;
}

interface IncidentRow {
  id: string;
  rule_id: string;
  key: string;
  status: 'open' | 'resolved';
  opened_at: number;
  resolved_at: number | null;
  value: number;
  summary: string;
  page: string;
}

/**
 * Incidents and the sites they concern; opening or resolving one queues its notifications in the same transaction.
 * `engine` finds where an incident happened (the analytics engine over the same record).
 */
export function createIncidentRepository(db: SqlDatabase, engine: Pick<AnalyticsEngine, 'run'>) {
  return {
    async openIncidents(ruleId: string): Promise<Incident[]> {
      return (
        await db.all<IncidentRow>("SELECT * FROM alert_incidents WHERE rule_id = ? AND status = 'open'", [ruleId])
      ).map(toIncident);
    },
    /** When the last incident for this rule and key opened, if any (for the cooldown). */
    async lastOpenedAt(ruleId: string, key: string): Promise<number | undefined> {
      const row = await db.get<{ at: number | null }>(
        'SELECT MAX(opened_at) AS at FROM alert_incidents WHERE rule_id = ? AND key = ?',
        [ruleId, key],
      );
      return row?.at ?? undefined;
    },
    /**
     * Opens the incident and queues its notifications together; false when one is already open for the rule
     * and key.
     */
    async openIncident(incident: Incident, notifications: readonly Notification[]): Promise<boolean> {
      const origins = incident.origins ?? (await findIncidentOrigins(db, engine, incident));
      return db.transaction((tx) => insertOpenIncident(tx, incident, origins, notifications));
    },
    /** Resolves an open incident and queues its notifications; false when another process resolved it first. */
    async resolveIncident(id: string, at: number, notifications: readonly Notification[]): Promise<boolean> {
      return db.transaction((tx) => resolveOpenIncident(tx, id, at, notifications));
    },
    /** Resolves every open incident of a rule (it was deleted or disabled), without notifying. */
    async closeIncidentsOf(ruleId: string, at: number): Promise<void> {
      await db.run(
        `UPDATE alert_incidents SET status = 'resolved', resolved_at = ?, open_key = NULL
         WHERE rule_id = ? AND status = 'open'`,
        [at, ruleId],
      );
    },
    async listIncidents(filter: IncidentFilter): Promise<Incident[]> {
      const where = incidentWhere(filter);
      const rows = await db.all<IncidentRow>(
        `SELECT i.* FROM alert_incidents i ${where.sql} ORDER BY i.opened_at DESC, i.id DESC LIMIT ?`,
        [...where.params, filter.limit],
      );
      const origins = await originsByIncident(
        db,
        rows.map((row) => row.id),
      );
      return rows.map((row) => ({ ...toIncident(row), origins: origins.get(row.id) ?? [] }));
    },
  };
}

/**
 * Inserts the incident as open, with its origins and notifications, in the transaction `tx`; false when the rule
 * and key have one open already (its `open_key` is taken) and nothing was inserted.
 */
async function insertOpenIncident(
  tx: SqlDatabase,
  incident: Incident,
  origins: readonly string[],
  notifications: readonly Notification[],
): Promise<boolean> {
  const inserted = await tx.all<{ id: string }>(
    `INSERT INTO alert_incidents (id, rule_id, key, status, opened_at, resolved_at, value, summary, page, open_key)
     VALUES (?, ?, ?, 'open', ?, NULL, ?, ?, ?, ?)
     ON CONFLICT (open_key) DO NOTHING RETURNING id`,
    [
      incident.id,
      incident.ruleId,
      incident.key,
      incident.openedAt,
      incident.value,
      incident.summary,
      incident.page,
      `${incident.ruleId}|${incident.key}`,
    ],
  );
  if (!inserted.length) return false;
  for (const origin of origins)
    await tx.run('INSERT INTO alert_incident_origins (incident_id, origin) VALUES (?, ?) ON CONFLICT DO NOTHING', [
      incident.id,
      origin,
    ]);
  await insertNotifications(tx, notifications);
  return true;
}

/** Resolves the incident if it is still open, with its notifications, in the transaction `tx`; false if it was not. */
async function resolveOpenIncident(
  tx: SqlDatabase,
  id: string,
  at: number,
  notifications: readonly Notification[],
): Promise<boolean> {
  const { changes } = await tx.run(
    "UPDATE alert_incidents SET status = 'resolved', resolved_at = ?, open_key = NULL WHERE id = ? AND status = 'open'",
    [at, id],
  );
  if (!changes) return false;
  await insertNotifications(tx, notifications);
  return true;
}

/** The WHERE clause of an incident list; an incident with no origins concerns the whole service, so every site. */
function incidentWhere(filter: IncidentFilter): ReturnType<typeof whereClause> {
  return whereClause([
    filter.status && ['i.status = ?', filter.status],
    filter.ruleId && ['i.rule_id = ?', filter.ruleId],
    filter.since !== undefined && ['i.opened_at >= ?', filter.since],
    filter.origin !== undefined && [
      `(EXISTS (SELECT 1 FROM alert_incident_origins o WHERE o.incident_id = i.id AND o.origin = ?)
        OR NOT EXISTS (SELECT 1 FROM alert_incident_origins o WHERE o.incident_id = i.id))`,
      filter.origin,
    ],
  ]);
}

/** The origins of each listed incident, in one query. */
async function originsByIncident(db: SqlDatabase, ids: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (!ids.length) return found;
  const rows = await db.all<{ incident_id: string; origin: string }>(
    `SELECT incident_id, origin FROM alert_incident_origins
     WHERE incident_id IN (${ids.map(() => '?').join(', ')}) ORDER BY origin`,
    ids,
  );
  for (const row of rows) found.set(row.incident_id, [...(found.get(row.incident_id) ?? []), row.origin]);
  return found;
}

function toIncident(row: IncidentRow): Incident {
  return {
    id: row.id,
    ruleId: row.rule_id,
    key: row.key,
    status: row.status,
    openedAt: Number(row.opened_at),
    ...(row.resolved_at === null ? {} : { resolvedAt: Number(row.resolved_at) }),
    value: Number(row.value),
    summary: row.summary,
    page: row.page,
  };
}
