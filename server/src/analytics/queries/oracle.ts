import type { ExperimentSummary } from '../../../../shared/flags/list-experiments.ts';
import { analyseExperiment } from '../../flags/experiment-results.ts';
import type { ExperimentResults, MetricSpec } from '../../flags/experiment-results.ts';
import { openSqliteDatabase } from '../../storage/sqlite.ts';
import { storageOn } from '../../storage/storage.ts';
import type { EventQuery, Storage, StoredEvent } from '../../storage/types.ts';
import { appendRows } from '../projection/append-rows.ts';
import { toEventRow } from '../projection/event-row.ts';
import { openProjection } from '../projection/open-projection.ts';
import { updateRollups } from '../projection/update-rollups.ts';
import { duckDbAnalytics } from './analytics-db.ts';
import { legacyReadApp } from './legacy-reads.ts';
import type { AnalyticsDb } from './analytics-db.ts';

const READ = 'sk_oracle';

/** Today's JS answers (the routes as they are, over a SQLite record) and a projection of the same events. */
export interface Oracle {
  /** The DuckDB projection, fed through `toEventRow` + `appendRows` + `updateRollups` in record order. */
  db: AnalyticsDb;
  /** A read route's JSON answer from today's JS implementation. */
  route(path: string): Promise<unknown>;
  /** `analyseExperiment` over the events `GET /experiments/results` would read (newest first, as the store lists them). */
  experiment(
    experiment: ExperimentSummary,
    metrics: readonly MetricSpec[],
    since?: number,
    until?: number,
  ): Promise<ExperimentResults>;
  close(): Promise<void>;
}

async function readAll(storage: Storage, query: Omit<EventQuery, 'limit'>): Promise<StoredEvent[]> {
  const found: StoredEvent[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.listEvents({ ...query, limit: 1000, ...(cursor ? { cursor } : {}) });
    found.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

/** Stores `events` in both places, in this order (the record's order is the projection's `seq`). */
export async function openOracle(events: readonly StoredEvent[], batch = 500): Promise<Oracle> {
  const storage = await storageOn(openSqliteDatabase(':memory:'));
  for (let start = 0; start < events.length; start += batch)
    await storage.insertEvents(events.slice(start, start + batch));
  // The routes now answer from the engine: the oracle is the JS reads they answered with before.
  const app = legacyReadApp(storage);
  const { instance, connection } = await openProjection(':memory:');
  for (let start = 0; start < events.length; start += batch) {
    await appendRows(
      connection,
      events.slice(start, start + batch).map((event, index) => toEventRow(event, start + index + 1)),
    );
    await updateRollups(connection, start, Math.min(events.length, start + batch));
  }
  return {
    db: duckDbAnalytics(connection),
    async route(path) {
      const response = await app.request(path, { headers: { Authorization: `Bearer ${READ}` } });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
      return response.json();
    },
    async experiment(experiment, metrics, since, until) {
      const exposures = await readAll(storage, { type: 'exposure', since, until });
      const metricEvents = new Map<string, StoredEvent[]>();
      for (const name of new Set(metrics.map((metric) => metric.event)))
        metricEvents.set(name, await readAll(storage, { name, since, until }));
      return analyseExperiment(experiment, exposures, metricEvents, metrics);
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
      await storage.close();
    },
  };
}

/**
 * Whether two JSON answers are the same, numbers within a relative 1e-9 (mean metrics: SQL sums a user's values
 * in another order than JS; everything else compares exactly) and NaN equal to null (JSON has no NaN).
 */
export function sameAnswer(actual: unknown, expected: unknown, path = '$'): string | undefined {
  const a = JSON.parse(JSON.stringify(actual)) as unknown;
  const e = JSON.parse(JSON.stringify(expected)) as unknown;
  return difference(a, e, path);
}

function difference(a: unknown, e: unknown, path: string): string | undefined {
  if (typeof a === 'number' && typeof e === 'number')
    return Math.abs(a - e) <= 1e-9 * Math.max(1, Math.abs(e)) ? undefined : `${path}: ${a} ≠ ${e}`;
  if (Array.isArray(a) && Array.isArray(e)) {
    if (a.length !== e.length) return `${path}: length ${a.length} ≠ ${e.length}`;
    for (let index = 0; index < a.length; index++) {
      const found = difference(a[index], e[index], `${path}[${index}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (a && e && typeof a === 'object' && typeof e === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
    for (const key of keys) {
      const found = difference(
        (a as Record<string, unknown>)[key],
        (e as Record<string, unknown>)[key],
        `${path}.${key}`,
      );
      if (found) return found;
    }
    return undefined;
  }
  return a === e ? undefined : `${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(e)}`;
}
