import { join, resolve } from 'node:path';

/** How the scale part runs (environment: SCALE_EVENTS, SCALE_USERS, SCALE_READ_CALLS, …; see docs/performance-scale.md). */
export interface ScaleSettings {
  events: number;
  users: number;
  days: number;
  seed: number;
  batchSize: number;
  concurrency: number;
  readCalls: number;
  /** The steady ingest that runs while reads are timed. */
  backgroundEventsPerSecond: number;
  /** Events sent to measure ingest on the empty store and again on the full one. */
  probeEvents: number;
  experiment: string;
  trendsSeries: string;
  /** Where the analytics engine says how far its projection is behind the record. */
  engineStatusPath: string;
  /**
   * The server's per-read time limit (`ANALYTICS_TIMEOUT_MS`) during the bench: longer than its 10 s default, so a
   * slow read is timed rather than turned into a 503 without a figure. 0 keeps the server's default.
   */
  readTimeoutMs: number;
  /**
   * `SCALE_DATA_DIR`: the SQLite run keeps its store (record and projection) here, and a later run with the same
   * events, users, days and seed reuses it instead of loading the history again.
   */
  dataDir?: string;
  /**
   * `SCALE_PG_SCHEMA`: the PostgreSQL run keeps its record in this schema (never dropped) and its projection and
   * manifest in `pgDataDir`, reused and resumed like `dataDir`.
   */
  pgSchema?: string;
  /** `SCALE_PG_DATA_DIR`: the kept PostgreSQL store's folder (default: `crm-insights-scale-<schema>` in the temp folder). */
  pgDataDir?: string;
  /** `SCALE_LOAD_SECONDS`: stop loading after this long and measure what is loaded (a kept store resumes next run). */
  loadSeconds?: number;
}

/** Where the built pieces are. */
export interface ScalePaths {
  serverFile: string;
  publicDir: string;
  workerFile: string;
  resultsDir: string;
  flagsFile: string;
}

/** An hour and a day in milliseconds: the generated window ends on an hour and spans whole days. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** The scale settings from the environment (defaults: 1,000,000 events, 100,000 users, 28 days). */
export function scaleSettingsFromEnv(
  env: NodeJS.ProcessEnv,
  numberFromEnv: (name: string, fallback: number) => number,
): ScaleSettings {
  const events = numberFromEnv('SCALE_EVENTS', 1_000_000);
  return {
    events,
    users: numberFromEnv('SCALE_USERS', 100_000),
    days: 28,
    seed: numberFromEnv('SCALE_SEED', 13),
    batchSize: 50,
    concurrency: numberFromEnv('SCALE_CONCURRENCY', 8),
    readCalls: numberFromEnv('SCALE_READ_CALLS', 5),
    backgroundEventsPerSecond: numberFromEnv('SCALE_BACKGROUND_EPS', 500),
    probeEvents: Math.min(50_000, Math.max(10_000, Math.round(events / 20))),
    experiment: 'pipeline-layout',
    trendsSeries: env.SCALE_TRENDS_SERIES ?? 'events',
    engineStatusPath: env.SCALE_ENGINE_STATUS_PATH ?? '/api/analytics/engine/status',
    readTimeoutMs: env.SCALE_READ_TIMEOUT_MS === '0' ? 0 : numberFromEnv('SCALE_READ_TIMEOUT_MS', 120_000),
    ...(env.SCALE_DATA_DIR ? { dataDir: resolve(env.SCALE_DATA_DIR) } : {}),
    ...(env.SCALE_PG_SCHEMA ? { pgSchema: env.SCALE_PG_SCHEMA } : {}),
    ...(env.SCALE_PG_DATA_DIR ? { pgDataDir: resolve(env.SCALE_PG_DATA_DIR) } : {}),
    ...(env.SCALE_LOAD_SECONDS ? { loadSeconds: numberFromEnv('SCALE_LOAD_SECONDS', 0) } : {}),
  };
}

/** Where the bench finds the built pieces. */
export function scalePaths(root: string, resultsDir: string): ScalePaths {
  return {
    serverFile: join(root, 'dist/server/main.js'),
    publicDir: join(root, 'dist/public'),
    workerFile: join(resultsDir, 'scale-worker.mjs'),
    resultsDir,
    flagsFile: join(root, 'server/flags.example.json'),
  };
}

/** The server's environment for the bench's read time limit (`SCALE_READ_TIMEOUT_MS`; 0 keeps the server's own). */
export function readTimeoutEnv(settings: ScaleSettings): Record<string, string> {
  return settings.readTimeoutMs ? { ANALYTICS_TIMEOUT_MS: String(settings.readTimeoutMs) } : {};
}
