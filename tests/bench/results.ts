import type { DashboardResult } from './dashboard.ts';
import type { LimitCheck } from './budgets.ts';
import type { CaptureResult } from './capture.ts';
import type { IngestResult } from './ingest.ts';
import type { LongUseResult } from './long-use.ts';
import type { PageRun } from './page-cost.ts';
import type { ScaleSettings } from './scale-settings.ts';
import type { ScaleStoreResult } from './scale-store-result.ts';
import type { ScaleAnswers } from './scale-answers.ts';
import type { HeapKind } from './heap-kinds.ts';
import type { HotFunction } from './profile.ts';
import type { Scenario } from './scenarios.ts';
import type { BundleSize } from './sizes.ts';

/** Medians of one scenario's page runs, or why it has none. */
export interface ScenarioSummary {
  id: string;
  label: string;
  kind: Scenario['kind'];
  /** Set when the scenario could not run: "not built", a bundling error. */
  skipped?: string;
  runs: number;
  scriptBytes?: number;
  scriptBrotli?: number;
  scriptMs?: number;
  addedScriptMs?: number;
  sdkSelfMs?: number;
  /** The SDK's functions with the most self time, mean per run over the runs' top lists. */
  sdkHotFunctions?: HotFunction[];
  /** What started the SDK's script time (the outermost SDK function on each stack), mean per run. */
  sdkEntryFunctions?: HotFunction[];
  tbtMs?: number;
  heapBytes?: number;
  addedHeapBytes?: number;
  /** The first run's heap by kind of object (heap snapshot). */
  heapKinds?: Record<HeapKind, number>;
  fcpMs?: number;
  lcpMs?: number;
  bytesSent?: number;
  requestsSent?: number;
  /** The first run's JS heap after its scripted use, and that minus the page without an SDK's. */
  heapAfterUseBytes?: number;
  addedHeapAfterUseBytes?: number;
  samples: PageRun[];
}

/** Everything one `npm run bench` measured; written as `tests/bench/results/latest.json`. */
export interface BenchResults {
  startedAt: string;
  seconds: number;
  machine: {
    cores: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    chromium?: string;
    loadAverageBefore: number[];
    loadAverageAfter: number[];
  };
  settings: {
    runs: number;
    cpuThrottle: number;
    windowMs: number;
    useMs: number;
    captureCalls: number;
    ingest: { batchSize: number; maxBatches: number; maxSeconds: number; concurrency: number };
  };
  notes: string[];
  sizes: BundleSize[];
  pages: ScenarioSummary[];
  capture?: CaptureResult | { error: string };
  ingest: Record<string, IngestResult | { skipped: string }>;
  /** `BENCH_ONLY=scale`: analytics at volume, per store (`sqlite`, `postgres`). */
  scale?: { settings: ScaleSettings; stores: Record<string, ScaleStoreResult | { skipped: string }> };
  /** `BENCH_ONLY=scale-answers`: every scale read's answer on SQLite and PostgreSQL over the same events. */
  scaleAnswers?: ScaleAnswers | { skipped: string };
  /** `BENCH_ONLY=long-use`: each page's heap over minutes of scripted use. */
  longUse?: LongUseResult;
  /** `BENCH_ONLY=dashboard`: every dashboard page timed in Chromium on the scale bench's store. */
  dashboard?: DashboardResult | { skipped: string };
  checks: LimitCheck[];
}
