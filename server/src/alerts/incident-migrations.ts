import type { Migration } from '../storage/migrations.ts';

/**
 * The sites (page origins) each incident concerns, one row per incident and origin, so incidents can be listed
 * for one CRM site (`GET /api/alerts/incidents?origin=`). An incident without rows concerns the whole service.
 */
export const incidentMigrations: readonly Migration[] = [
  {
    id: 'alerts-001-incident-origins',
    sql: `CREATE TABLE alert_incident_origins (
      incident_id TEXT NOT NULL,
      origin TEXT NOT NULL,
      PRIMARY KEY (incident_id, origin)
    );
    CREATE INDEX alert_incident_origins_by_origin ON alert_incident_origins (origin, incident_id);`,
  },
];
