import type { SqlDatabase } from '../storage/sql-database.ts';
import type { AlertChannel } from './alert-rule.ts';

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

/** The notification queue: what is queued, who is sending it, how each attempt ended. */
export function createNotificationRepository(db: SqlDatabase) {
  return {
    enqueue: (notifications: readonly Notification[]) => insertNotifications(db, notifications),
    /** Notifications whose time has come, oldest first; `sending` ones whose claim lapsed count as due again. */
    async due(now: number, limit: number): Promise<Notification[]> {
      const rows = await db.all<NotificationRow>(
        `SELECT * FROM alert_notifications WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?
         ORDER BY next_attempt_at LIMIT ?`,
        [now, limit],
      );
      return rows.map(toNotification);
    },
    /** Takes a due notification for this process until `until`; false when another process took it first. */
    async claim(notification: Notification, now: number, until: number): Promise<boolean> {
      const { changes } = await db.run(
        `UPDATE alert_notifications SET status = 'sending', next_attempt_at = ?
         WHERE id = ? AND status = ? AND next_attempt_at = ? AND next_attempt_at <= ?`,
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

/** Queues notifications on `db`, which is a transaction when they go with an incident's opening or resolution. */
export async function insertNotifications(db: SqlDatabase, notifications: readonly Notification[]): Promise<void> {
  for (const item of notifications) {
    await db.run(
      `INSERT INTO alert_notifications
         (id, rule_id, incident_id, event, channel, message, status, attempts, next_attempt_at, created_at, last_error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)`,
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
