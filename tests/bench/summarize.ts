import type { PageRun } from './page-cost.ts';
import { peerRatioFigures } from './peer-ratios.ts';
import { ranked } from './profile.ts';
import type { HotFunction } from './profile.ts';
import type { BenchResults, ScenarioSummary } from './results.ts';
import type { Scenario } from './scenarios.ts';
import { median } from './stats.ts';

/** Medians per scenario, and what each adds to the page without any SDK. */
export function summarize(
  all: readonly Scenario[],
  skipped: ReadonlyMap<string, string>,
  runs: ReadonlyMap<string, PageRun[]>,
  brotliOf: (paths: string[]) => number,
): ScenarioSummary[] {
  const of = (samples: PageRun[], pick: (run: PageRun) => number | undefined) => {
    const values = samples.map(pick).filter((value): value is number => value !== undefined);
    return values.length ? median(values) : undefined;
  };
  const summaries = all.map((scenario): ScenarioSummary => {
    const samples = runs.get(scenario.id) ?? [];
    const base = { id: scenario.id, label: scenario.label, kind: scenario.kind, runs: samples.length, samples };
    if (!samples.length) return { ...base, skipped: skipped.get(scenario.id) ?? 'not measured' };
    const used = samples.find((run) => run.sent);
    return {
      ...base,
      scriptBytes: of(samples, (run) => run.sdkScriptBytes),
      scriptBrotli: brotliOf(samples[0]!.sdkScripts),
      scriptMs: of(samples, (run) => run.scriptMs),
      sdkSelfMs: of(samples, (run) => run.sdkSelfMs),
      tbtMs: of(samples, (run) => run.tbtMs),
      heapBytes: of(samples, (run) => run.heapBytes),
      heapKinds: samples.find((run) => run.heapKinds)?.heapKinds,
      fcpMs: of(samples, (run) => run.fcpMs),
      lcpMs: of(samples, (run) => run.lcpMs),
      bytesSent: used?.sent?.bytes,
      requestsSent: used?.sent?.requests,
      heapAfterUseBytes: used?.heapAfterUseBytes,
      sdkHotFunctions: meanPerRun(samples, (run) => run.sdkHotFunctions, 5),
      sdkEntryFunctions: meanPerRun(samples, (run) => run.sdkEntryFunctions, 8),
    };
  });
  const none = summaries.find((summary) => summary.kind === 'none');
  for (const summary of summaries) {
    if (summary.scriptMs !== undefined && none?.scriptMs !== undefined)
      summary.addedScriptMs = summary.scriptMs - none.scriptMs;
    if (summary.heapBytes !== undefined && none?.heapBytes !== undefined)
      summary.addedHeapBytes = summary.heapBytes - none.heapBytes;
    if (summary.heapAfterUseBytes !== undefined && none?.heapAfterUseBytes !== undefined)
      summary.addedHeapAfterUseBytes = summary.heapAfterUseBytes - none.heapAfterUseBytes;
  }
  return summaries;
}

/** Each function's time per run (absent from a run's list counts as 0 there), the `limit` highest, most first. */
function meanPerRun(samples: readonly PageRun[], list: (run: PageRun) => HotFunction[], limit: number): HotFunction[] {
  const total = new Map<string, number>();
  for (const sample of samples)
    for (const { name, selfMs } of list(sample)) total.set(name, (total.get(name) ?? 0) + selfMs / samples.length);
  return ranked(total, limit);
}

/** The figure each target applies to, by target id. */
export function targetFigures(results: BenchResults): Record<string, number | undefined> {
  const page = (id: string) => results.pages.find((summary) => summary.id === id && !summary.skipped);
  const none = page('none');
  const crm = page('crm-insights');
  const replay = page('crm-insights-replay');
  const sentryReplay = page('sentry-replay');
  const peers = results.pages.filter((summary) => summary.kind === 'peer' && summary.scriptBrotli);
  const lightest = peers.length ? Math.min(...peers.map((summary) => summary.scriptBrotli!)) : undefined;
  const capture = results.capture && 'eventsPerSecond' in results.capture ? results.capture : undefined;
  const sqlite = results.ingest.sqlite;
  const share = (a?: number, b?: number) => (a !== undefined && b ? a / b : undefined);
  return {
    'page.crm-insights.addedScriptMs': crm?.sdkSelfMs,
    // The demo's own long tasks are there without any SDK too: what counts is what crm-insights adds.
    'page.crm-insights.tbtMs':
      crm?.tbtMs !== undefined && none?.tbtMs !== undefined ? crm.tbtMs - none.tbtMs : undefined,
    'page.crm-insights.scriptBytesVsLightestPeer': share(crm?.scriptBrotli, lightest),
    'page.crm-insights-replay.addedScriptMsVsSentryReplay': share(replay?.sdkSelfMs, sentryReplay?.sdkSelfMs),
    'page.crm-insights-replay.bytesSentVsSentryReplay': share(replay?.bytesSent, sentryReplay?.bytesSent),
    'capture.eventsPerSecond': capture?.eventsPerSecond,
    'ingest.sqlite.eventsPerSecond': sqlite && 'eventsPerSecond' in sqlite ? sqlite.eventsPerSecond : undefined,
    ...peerRatioFigures(results),
  };
}
