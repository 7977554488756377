import { statfs } from 'node:fs/promises';
import type { SqlDatabase } from '../storage/sql-database.ts';
import type { Storage } from '../storage/types.ts';
import type { CapacityInputs } from './capacity-plan.ts';
import type { MetricsRepository } from './metrics-repository.ts';
import { storedEventCount } from './stored-event-count.ts';

/** What the operator sets for the capacity plan (CAPACITY_* settings) and the retention in force. */
export interface CapacitySettings {
  retentionDays: number;
  cpuCoreHourPrice: number;
  diskGbMonthPrice: number;
  currency: string;
  /** A saturation point measured elsewhere (e.g. `npm run loadtest -- --ramp`), events/s; 0: use self-load-tests. */
  saturationEventsPerSecond: number;
}

const DAY = 86_400_000;
/** The p99 a self-load-test must have stayed under for its rate to count as sustainable. */
const SUSTAINABLE_P99_MS = 250;

/**
 * Gathers the plan's inputs from cheap sources: the hourly metric rollups (daily volume, peak rate, CPU per
 * event), the latest database size, the data volume, and the best self-load-test; the stored-event count from
 * the analytics worker.
 */
export async function gatherCapacityInputs(
  storage: Pick<Storage, 'db' | 'analytics'>,
  metrics: MetricsRepository,
  dataDir: string | undefined,
  settings: CapacitySettings,
  now: number,
): Promise<CapacityInputs> {
  const hourly = await metrics.series('1h', now - 28 * DAY, now + 1, [
    'ingest_events_per_second',
    'process_cpu_percent',
    'db_size_mb',
  ]);
  const ingest = hourly.ingest_events_per_second ?? { at: [], avg: [], max: [] };
  const byDay = new Map<string, number>();
  ingest.at.forEach((at, index) => {
    const day = new Date(at).toISOString().slice(0, 10);
    byDay.set(day, (byDay.get(day) ?? 0) + ingest.avg[index]! * 3600);
  });
  const weekAgo = now - 7 * DAY;
  const peak = Math.max(0, ...ingest.max.filter((_, index) => ingest.at[index]! >= weekAgo));
  const cpu = hourly.process_cpu_percent ?? { at: [], avg: [], max: [] };
  const dayAgo = now - DAY;
  const cpuSeconds = cpu.avg.reduce(
    (sum, value, index) => sum + (cpu.at[index]! >= dayAgo ? (value / 100) * 3600 : 0),
    0,
  );
  const events = ingest.avg.reduce((sum, value, index) => sum + (ingest.at[index]! >= dayAgo ? value * 3600 : 0), 0);
  const storedEvents = await storedEventCount(storage);
  const size = hourly.db_size_mb?.avg.at(-1);
  const disk = dataDir ? await statfs(dataDir).catch(() => undefined) : undefined;
  return {
    dailyEvents: [...byDay].map(([day, count]) => ({ day, events: Math.round(count) })),
    storedEvents,
    databaseBytes: Math.round((size ?? 0) * 1048576),
    freeDiskBytes: disk ? disk.bavail * disk.bsize : 0,
    peakEventsPerSecond: peak,
    saturationEventsPerSecond: settings.saturationEventsPerSecond || (await bestLoadTest(storage.db)),
    cpuSecondsPerEvent: events > 0 ? cpuSeconds / events : 0,
    retentionDays: settings.retentionDays,
    prices: {
      cpuCoreHour: settings.cpuCoreHourPrice,
      diskGbMonth: settings.diskGbMonthPrice,
      currency: settings.currency,
    },
  };
}

/** The highest events/s a finished self-load-test sustained with p99 under the limit. */
async function bestLoadTest(db: SqlDatabase): Promise<number> {
  const rows = await db.all<{ result: string }>(
    "SELECT result FROM load_test_runs WHERE status = 'done' ORDER BY started_at DESC LIMIT 50",
  );
  let best = 0;
  for (const row of rows) {
    const result = JSON.parse(row.result) as { eventsPerSecond?: number; latencyMs?: { p99?: number } };
    if ((result.latencyMs?.p99 ?? Infinity) <= SUSTAINABLE_P99_MS) best = Math.max(best, result.eventsPerSecond ?? 0);
  }
  return best;
}
