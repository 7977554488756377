/**
 * Storage: one interface (`Storage` in `types.ts`) over SQLite (default, a file in DATA_DIR) and PostgreSQL
 * (when DATABASE_URL is set), opened here with every registered migration applied.
 *
 * How an area adds a table and a repository (feedback as the example):
 *
 *   1. `server/src/feedback/migrations.ts`:
 *        export const feedbackMigrations: Migration[] = [
 *          { id: 'feedback-001-create', sql: `CREATE TABLE feedback (id TEXT PRIMARY KEY, text TEXT NOT NULL, ts BIGINT NOT NULL)` },
 *        ];
 *      and one line in `storage/migration-registry.ts`: `...feedbackMigrations,`. Use the SQL both databases
 *      share (TEXT, BIGINT, DOUBLE PRECISION, `ON CONFLICT … DO NOTHING/UPDATE`, no SERIAL/AUTOINCREMENT: make
 *      ids in code) or give `{ sqlite, postgres }` texts.
 *   2. `server/src/feedback/feedback-repository.ts`: a factory over `SqlDatabase` with `?` placeholders,
 *        export function createFeedbackRepository(db: SqlDatabase) {
 *          return { add: (row) => db.run('INSERT INTO feedback (id, text, ts) VALUES (?, ?, ?)', [row.id, row.text, row.ts]) };
 *        }
 *      `db.transaction(async (tx) => …)` for several statements that must land together. Test it on both
 *      databases with `forEachTestDatabase` from `storage/test-databases.ts`.
 *   3. Routes get storage through `createApp`'s options (`AppOptions` in `app.ts`): a route factory takes the
 *      options and builds its repository once, e.g. `feedbackRoutes(options)` calling
 *      `createFeedbackRepository(options.storage.db)`; it is mounted with one line in `mountApiRoutes`.
 *
 * Both databases must give identical answers: store times as epoch milliseconds (BIGINT), compare text with
 * `=`, and do any arithmetic whose rounding could differ (percentiles, ratios) in TypeScript.
 */
import { join } from 'node:path';
import { createAnalyticsEngine } from '../analytics/engine/analytics-engine.ts';
import type { AnalyticsEngineOptions } from '../analytics/engine/analytics-engine.ts';
import { ensureEventPartitions } from './event-partitions.ts';
import { openEventListThread } from './event-list-thread.ts';
import { createEventRepository } from './event-repository.ts';
import { ALL_MIGRATIONS } from './migration-registry.ts';
import { runMigrations } from './migrations.ts';
import type { Migration } from './migrations.ts';
import { openPostgresDatabase } from './postgres.ts';
import type { SqlDatabase } from './sql-database.ts';
import { openSqliteDatabase } from './sqlite.ts';
import type { Storage } from './types.ts';

/** Where to store: a SQLite file in `dataDir`, or PostgreSQL at `databaseUrl` when given; and the analytics engine's settings. */
export interface StorageLocation {
  dataDir: string;
  databaseUrl?: string;
  analytics?: AnalyticsEngineOptions;
}

/**
 * Wraps an open database as `Storage` after bringing its schema up to date. The analytics engine is made here
 * but starts its worker only when first used (or `storage.analytics.start()`); by default its projection is in
 * memory, built from the record when the worker starts.
 */
export async function storageOn(
  db: SqlDatabase,
  migrations: readonly Migration[] = ALL_MIGRATIONS,
  analytics: AnalyticsEngineOptions = {},
): Promise<Storage> {
  try {
    await runMigrations(db, migrations);
    // PostgreSQL: this month's and the next months' partitions of events exist before the first insert.
    if (migrations.some((migration) => migration.id === 'events-002-partition-by-month'))
      await ensureEventPartitions(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const events = createEventRepository(db);
  const engine = createAnalyticsEngine(db.location, analytics);
  // SQLite is synchronous: listings run on a worker thread with the analytics time limit. PostgreSQL's driver is
  // already asynchronous; an in-memory SQLite database cannot be opened by a second connection, so it lists here.
  const listing =
    db.location?.kind === 'sqlite'
      ? openEventListThread(db.location.file, { timeoutMs: analytics.timeoutMs })
      : undefined;
  const closeAll = async () => {
    await listing?.close();
    await engine.close();
    await db.close();
  };
  let closing: Promise<void> | undefined;
  return {
    kind: db.dialect,
    db,
    insertEvents: events.insert,
    listEvents: listing?.list ?? events.list,
    analytics: engine,
    // Once, whoever asks again: PostgreSQL's pool refuses a second end, and a DuckDB instance closed twice aborts.
    close: () => (closing ??= closeAll()),
  };
}

/**
 * Opens the configured database and runs pending migrations: what the server does on start. The analytics
 * projection is a file in `dataDir` unless the options say otherwise.
 */
export function openStorage(location: StorageLocation): Promise<Storage> {
  const analytics = {
    ...location.analytics,
    projectionFile: location.analytics?.projectionFile ?? join(location.dataDir, 'analytics.duckdb'),
  };
  return storageOn(
    location.databaseUrl
      ? openPostgresDatabase(location.databaseUrl)
      : openSqliteDatabase(join(location.dataDir, 'insights.sqlite'), { backgroundCheckpoints: true }),
    ALL_MIGRATIONS,
    analytics,
  );
}
