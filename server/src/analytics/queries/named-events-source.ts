import { UNFOLDED } from '../projection/schema.ts';
import type { AnalyticsDb } from './analytics-db.ts';
import { placeholders } from './sql-parts.ts';

/**
 * The table to find events by name in: `named_events` (a narrow copy of every named event but `api` and `vital`
 * ones, a fifth of the projection) unless one of `names` was ever the name of an `api` or `vital` event, then
 * `events` (same rows, same answer, more to scan). The hourly rollup, a few rows per hour, knows every name by type
 * (with the rows it has not folded in yet).
 */
export async function namedEventsSource(db: AnalyticsDb, names: readonly string[]): Promise<'named_events' | 'events'> {
  const [clash] = await db.all(
    `SELECT 1 FROM rollup_events_hourly WHERE type IN ('api', 'vital') AND name IN (${placeholders(names)})
     UNION ALL SELECT 1 FROM events WHERE ${UNFOLDED} AND type IN ('api', 'vital') AND name IN (${placeholders(names)}) LIMIT 1`,
    [...names, ...names],
  );
  return clash ? 'events' : 'named_events';
}
