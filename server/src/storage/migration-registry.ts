import { incidentMigrations } from '../alerts/incident-migrations.ts';
import { analyticsMigrations } from '../analytics/migrations.ts';
import { feedbackMigrations } from '../feedback/migrations.ts';
import { flagsMigrations } from '../flags/migrations.ts';
import { operationsMigrations } from '../metrics/migrations.ts';
import { replayMigrations } from '../replay/migrations.ts';
import { outboundMigrations } from '../outbound/migrations.ts';
import { sourceMapMigrations } from '../sourcemaps/migrations.ts';
import { sessionMigrations } from '../sessions/migrations.ts';
import { eventPartitionMigrations } from './event-partition-migrations.ts';
import type { Migration } from './migrations.ts';

/**
 * Every area's migrations, in the order they run. An area adds one line here for its
 * `server/src/<area>/migrations.ts`; append new areas at the end, and append new migrations at the end of
 * an area's own list, so an existing database never sees a change reordered.
 */
export const ALL_MIGRATIONS: readonly Migration[] = [
  ...analyticsMigrations,
  ...feedbackMigrations,
  ...flagsMigrations,
  // After feedback: it moves feedback's webhook_deliveries rows into the general delivery log.
  ...outboundMigrations,
  ...sourceMapMigrations,
  ...sessionMigrations,
  ...operationsMigrations,
  ...eventPartitionMigrations,
  ...incidentMigrations,
  ...replayMigrations,
];
