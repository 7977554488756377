import { join, resolve } from 'node:path';
import type { BenchResults } from './results.ts';

/**
 * What one `npm run bench` was asked for: where it finds the build, which parts it measures (`BENCH_ONLY`) and how
 * (`BENCH_RUNS`). Read once, when the bench starts; run.mjs has made the repository root the working directory.
 */

/** A positive number from the environment, or `fallback` when it is unset or not one. */
export const numberFromEnv = (name: string, fallback: number, env: NodeJS.ProcessEnv = process.env) => {
  const value = Number(env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

export const root = resolve('.');
export const benchDir = join(root, 'tests/bench');
export const resultsDir = join(benchDir, 'results');
export const publicDir = join(root, 'dist/public');
/** Where peers.ts bundles the peer SDKs and the bench server serves them from, as `/sdk/peers/`. */
export const peerDir = join(resultsDir, 'peers');

/** The parts of the bench; `BENCH_ONLY` (comma-separated) picks some, `sizes,pages,capture,ingest` unless set. */
type BenchPart =
  | 'sizes'
  | 'pages'
  | 'capture'
  | 'ingest'
  | 'long-use'
  | 'scale'
  | 'scale-answers'
  | 'dashboard'
  | 'start-profile';

const selectedParts = new Set((process.env.BENCH_ONLY ?? 'sizes,pages,capture,ingest').split(','));

/** Whether this run measures `part`: the one place a part is selected. */
export const isSelected = (part: BenchPart) => selectedParts.has(part);

/** How the browser and ingest parts measure; written into latest.json as it is. */
export const settings: BenchResults['settings'] = {
  runs: numberFromEnv('BENCH_RUNS', 5),
  cpuThrottle: 4,
  windowMs: 3000,
  useMs: 10_000,
  captureCalls: 20_000,
  ingest: { batchSize: 50, maxBatches: 2000, maxSeconds: 15, concurrency: 8 },
};
