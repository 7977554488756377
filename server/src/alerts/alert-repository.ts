import type { AnalyticsEngine } from '../analytics/engine/analytics-engine.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { createAlertRuleRepository } from './alert-rule-repository.ts';
import { createIncidentRepository } from './incident-repository.ts';
import { createNotificationRepository } from './notification-repository.ts';

// Each table's queries live beside their row types; the records are re-exported here, where callers import them.
export type { Incident } from './incident-repository.ts';
export type { AlertMessage, Notification } from './notification-repository.ts';

/**
 * Rules, incidents and the notification queue, on either database; `engine` finds where an incident happened
 * (the analytics engine over the same record).
 */
export function createAlertRepository(db: SqlDatabase, engine: Pick<AnalyticsEngine, 'run'>) {
  return {
    ...createAlertRuleRepository(db),
    ...createIncidentRepository(db, engine),
    ...createNotificationRepository(db),
  };
}

/** The alert repository's operations. */
export type AlertRepository = ReturnType<typeof createAlertRepository>;
