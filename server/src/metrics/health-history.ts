import { healthScore } from './health-score.ts';
import type { HealthScore } from './health-score.ts';
import type { MetricValues } from './metric-catalogue.ts';

/** The requests of one sample, all and to the ingest routes, and how many of each were answered 5xx. */
export interface RequestCounts {
  requests: number;
  failed: number;
  ingest: number;
  ingestFailed: number;
}

/** The health score over the latest samples' request counts. */
export interface HealthHistory {
  /** Adds one sample's counts and scores it with its values. */
  add(counts: RequestCounts, latest: MetricValues): HealthScore;
  /** The score of the last sample added (a calm one before any). */
  current(): HealthScore;
}

/** Request counts kept for the health score: one entry per sample, an hour of 10 s samples. */
const HISTORY = 360;
/** The samples the ingest success rate looks at: five minutes of 10 s samples. */
const INGEST_WINDOW = 30;

/** Keeps an hour of samples' request counts and scores ingest over the last five minutes and errors over the hour. */
export function createHealthHistory(): HealthHistory {
  const history: RequestCounts[] = [];
  let health = healthScore({ latest: {}, ingest: { requests: 0, failed: 0 }, hour: { requests: 0, failed: 0 } });
  return {
    add(counts, latest) {
      history.push(counts);
      if (history.length > HISTORY) history.shift();
      health = healthScore({
        latest,
        ingest: sumHistory(history.slice(-INGEST_WINDOW), 'ingest'),
        hour: sumHistory(history, 'all'),
      });
      return health;
    },
    current: () => health,
  };
}

function sumHistory(rows: readonly RequestCounts[], which: 'ingest' | 'all') {
  let requests = 0;
  let failed = 0;
  for (const row of rows) {
    requests += which === 'ingest' ? row.ingest : row.requests;
    failed += which === 'ingest' ? row.ingestFailed : row.failed;
  }
  return { requests, failed };
}
