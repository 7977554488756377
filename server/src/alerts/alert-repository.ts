import type { AnalyticsEngine } from '../analytics/engine/analytics-engine.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { whereClause } from '../storage/where-clause.ts';
import type { StoredEvent } from '../storage/types.ts';
import { MAX_INCIDENT_ORIGINS, originSource, originsOf } from './incident-origins.ts';
import type { AlertChannel, AlertRule } from './alert-rule.ts';

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
   * made the condition true (`incident-origins.ts`). Empty: it concerns the whole service.
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

/** Sessions read per page while finding an incident's origins (one event of each is read from the record). */
const ORIGIN_SESSIONS_PAGE = 500;

/** What a notification says, whatever channel carries it. */
export interface AlertMessage {
  event: 'firing' | 'resolved' | 'test' | 'scaling';
  title: string;
  text: string;
  ruleId: string;
  ruleName: string;
  kind: string;
  /** Dashboard page, relative to `/dashboard/`. */
  page: string;
  at: number;
  incidentId?: string;
  value?: number;
}

/** A queued or finished notification: one message to one channel. */
export interface Notification {
  id: string;
  ruleId: string;
  incidentId?: string;
  event: AlertMessage['event'];
  channel: AlertChannel;
  message: AlertMessage;
  status: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  lastError?: string;
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

interface NotificationRow {
  id: string;
  rule_id: string;
  incident_id: string | null;
  event: AlertMessage['event'];
  channel: string;
  message: string;
  status: Notification['status'];
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  last_error: string | null;
}

/**
 * Rules, incidents and the notification queue, on either database; `engine` finds where an incident happened
 * (the analytics engine over the same record).
 */
export function createAlertRepository(db: SqlDatabase, engine: Pick<AnalyticsEngine, 'run'>) {
  return {
    async listRules(): Promise<AlertRule[]> {
      const rows = await db.all<{ body: string }>('SELECT body FROM alert_rules ORDER BY id');
      return rows.map((row) => JSON.parse(row.body) as AlertRule);
    },
    async getRule(id: string): Promise<AlertRule | undefined> {
      const row = await db.get<{ body: string }>('SELECT body FROM alert_rules WHERE id = ?', [id]);
      return row ? (JSON.parse(row.body) as AlertRule) : undefined;
    },
    async saveRule(rule: AlertRule): Promise<void> {
      await db.run(
        'INSERT INTO alert_rules (id, source, body, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET source = excluded.source, body = excluded.body, updated_at = excluded.updated_at',
        [rule.id, rule.source, JSON.stringify(rule), rule.updatedAt],
      );
    },
    async deleteRule(id: string): Promise<boolean> {
      return (await db.run('DELETE FROM alert_rules WHERE id = ?', [id])).changes > 0;
    },
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
    /** Opens the incident and queues its notifications together; false when one is already open for the rule and key. */
    async openIncident(incident: Incident, notifications: readonly Notification[]): Promise<boolean> {
      const origins = incident.origins ?? (await incidentOrigins(db, engine, incident));
      return db.transaction(async (tx) => {
        const inserted = await tx.all<{ id: string }>(
          `INSERT INTO alert_incidents (id, rule_id, key, status, opened_at, resolved_at, value, summary, page, open_key) VALUES (?, ?, ?, 'open', ?, NULL, ?, ?, ?, ?)
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
          await tx.run(
            'INSERT INTO alert_incident_origins (incident_id, origin) VALUES (?, ?) ON CONFLICT DO NOTHING',
            [incident.id, origin],
          );
        await insertNotifications(tx, notifications);
        return true;
      });
    },
    /** Resolves an open incident and queues its notifications; false when another process resolved it first. */
    async resolveIncident(id: string, at: number, notifications: readonly Notification[]): Promise<boolean> {
      return db.transaction(async (tx) => {
        const { changes } = await tx.run(
          "UPDATE alert_incidents SET status = 'resolved', resolved_at = ?, open_key = NULL WHERE id = ? AND status = 'open'",
          [at, id],
        );
        if (!changes) return false;
        await insertNotifications(tx, notifications);
        return true;
      });
    },
    /** Resolves every open incident of a rule (it was deleted or disabled), without notifying. */
    async closeIncidentsOf(ruleId: string, at: number): Promise<void> {
      await db.run(
        "UPDATE alert_incidents SET status = 'resolved', resolved_at = ?, open_key = NULL WHERE rule_id = ? AND status = 'open'",
        [at, ruleId],
      );
    },
    async listIncidents(filter: IncidentFilter): Promise<Incident[]> {
      const where = whereClause([
        filter.status && ['i.status = ?', filter.status],
        filter.ruleId && ['i.rule_id = ?', filter.ruleId],
        filter.since !== undefined && ['i.opened_at >= ?', filter.since],
        filter.origin !== undefined && [
          `(EXISTS (SELECT 1 FROM alert_incident_origins o WHERE o.incident_id = i.id AND o.origin = ?)
            OR NOT EXISTS (SELECT 1 FROM alert_incident_origins o WHERE o.incident_id = i.id))`,
          filter.origin,
        ],
      ]);
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
    enqueue: (notifications: readonly Notification[]) => insertNotifications(db, notifications),
    /** Notifications whose time has come, oldest first; `sending` ones whose claim lapsed count as due again. */
    async due(now: number, limit: number): Promise<Notification[]> {
      const rows = await db.all<NotificationRow>(
        "SELECT * FROM alert_notifications WHERE status IN ('pending', 'sending') AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
        [now, limit],
      );
      return rows.map(toNotification);
    },
    /** Takes a due notification for this process until `until`; false when another process took it first. */
    async claim(notification: Notification, now: number, until: number): Promise<boolean> {
      const { changes } = await db.run(
        "UPDATE alert_notifications SET status = 'sending', next_attempt_at = ? WHERE id = ? AND status = ? AND next_attempt_at = ? AND next_attempt_at <= ?",
        [until, notification.id, notification.status, notification.nextAttemptAt, now],
      );
      return changes === 1;
    },
    async settle(
      id: string,
      fields: { status: Notification['status']; attempts: number; nextAttemptAt: number; lastError?: string },
    ): Promise<void> {
      await db.run(
        'UPDATE alert_notifications SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?',
        [fields.status, fields.attempts, fields.nextAttemptAt, fields.lastError ?? null, id],
      );
    },
    async listNotifications(filter: { ruleId?: string; limit: number }): Promise<Notification[]> {
      const rows = filter.ruleId
        ? await db.all<NotificationRow>(
            'SELECT * FROM alert_notifications WHERE rule_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
            [filter.ruleId, filter.limit],
          )
        : await db.all<NotificationRow>('SELECT * FROM alert_notifications ORDER BY created_at DESC, id DESC LIMIT ?', [
            filter.limit,
          ]);
      return rows.map(toNotification);
    },
  };
}

/** The alert repository's operations. */
export type AlertRepository = ReturnType<typeof createAlertRepository>;

async function insertNotifications(db: SqlDatabase, notifications: readonly Notification[]): Promise<void> {
  for (const item of notifications) {
    await db.run(
      'INSERT INTO alert_notifications (id, rule_id, incident_id, event, channel, message, status, attempts, next_attempt_at, created_at, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)',
      [
        item.id,
        item.ruleId,
        item.incidentId ?? null,
        item.event,
        JSON.stringify(item.channel),
        JSON.stringify(item.message),
        item.status,
        item.attempts,
        item.nextAttemptAt,
        item.createdAt,
      ],
    );
  }
}

/**
 * The origins of the events that made an incident's condition true (none for kinds that watch the whole service).
 * The analytics engine finds the sessions those events hit, over the whole window; one event of each session is
 * read from the record for its page address, a page of sessions at a time, until the cap or the last session.
 */
async function incidentOrigins(
  db: SqlDatabase,
  engine: Pick<AnalyticsEngine, 'run'>,
  incident: Incident,
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

/** The origins of each listed incident, in one query. */
async function originsByIncident(db: SqlDatabase, ids: readonly string[]): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (!ids.length) return found;
  const rows = await db.all<{ incident_id: string; origin: string }>(
    `SELECT incident_id, origin FROM alert_incident_origins WHERE incident_id IN (${ids.map(() => '?').join(', ')}) ORDER BY origin`,
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

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    ruleId: row.rule_id,
    ...(row.incident_id ? { incidentId: row.incident_id } : {}),
    event: row.event,
    channel: JSON.parse(row.channel) as AlertChannel,
    message: JSON.parse(row.message) as AlertMessage,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    createdAt: Number(row.created_at),
    ...(row.last_error ? { lastError: row.last_error } : {}),
  };
}
