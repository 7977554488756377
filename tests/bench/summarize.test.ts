import { describe, expect, it } from 'vitest';
import type { PageRun } from './page-cost.ts';
import type { BenchResults } from './results.ts';
import { scenarios } from './scenarios.ts';
import { summarize, targetFigures } from './summarize.ts';

const run = (scriptMs: number, extra: Partial<PageRun> = {}): PageRun => ({
  scriptMs,
  sdkSelfMs: scriptMs / 10,
  sdkHotFunctions: [],
  sdkEntryFunctions: [],
  taskMs: scriptMs * 2,
  tbtMs: 0,
  longTasks: 0,
  heapBytes: 1000 + scriptMs,
  sdkScriptBytes: 500,
  sdkScripts: ['/sdk/x.js'],
  ...extra,
});

describe('summarize', () => {
  it("averages what started the SDK's time over the runs, a run without a function counting 0 for it", () => {
    const crm = scenarios().filter((scenario) => scenario.id === 'crm-insights');
    const runs = new Map([
      [
        'crm-insights',
        [
          run(1, {
            sdkEntryFunctions: [
              { name: 'boot', selfMs: 30 },
              { name: 'first send', selfMs: 12 },
            ],
          }),
          run(1, { sdkEntryFunctions: [{ name: 'boot', selfMs: 36 }] }),
        ],
      ],
    ]);
    expect(summarize(crm, new Map(), runs, () => 0)[0]!.sdkEntryFunctions).toEqual([
      { name: 'boot', selfMs: 33 },
      { name: 'first send', selfMs: 6 },
    ]);
  });

  const all = scenarios().filter((scenario) =>
    ['none', 'crm-insights', 'crm-insights-replay', 'sentry-replay'].includes(scenario.id),
  );
  const runs = new Map([
    [
      'none',
      [
        run(300, { sent: { requests: 0, bytes: 0, bodyBytes: 0, byPath: {} }, heapAfterUseBytes: 5000 }),
        run(100),
        run(200),
      ],
    ],
    [
      'crm-insights',
      [
        run(250, { sent: { requests: 2, bytes: 900, bodyBytes: 400, byPath: {} }, heapAfterUseBytes: 5600 }),
        run(230),
        run(900),
      ],
    ],
    ['sentry-replay', [run(500), run(700), run(600)]],
  ]);
  const summaries = summarize(
    all,
    new Map([['crm-insights-replay', 'not built: insights/replay.js']]),
    runs,
    (paths) => paths.length * 42,
  );

  it('takes medians, so one disturbed run does not move the figure', () => {
    expect(summaries.find((summary) => summary.id === 'crm-insights')).toMatchObject({
      runs: 3,
      scriptMs: 250,
      sdkSelfMs: 25,
      scriptBrotli: 42,
      bytesSent: 900,
      requestsSent: 2,
    });
  });

  it('subtracts the page without any SDK', () => {
    expect(summaries.find((summary) => summary.id === 'sentry-replay')).toMatchObject({
      addedScriptMs: 400,
      addedHeapBytes: 400,
    });
  });

  it('gives the heap after the scripted use from the run that had it, minus the page without any SDK', () => {
    expect(summaries.find((summary) => summary.id === 'crm-insights')).toMatchObject({
      heapAfterUseBytes: 5600,
      addedHeapAfterUseBytes: 600,
    });
    expect(summaries.find((summary) => summary.id === 'sentry-replay')).not.toHaveProperty('addedHeapAfterUseBytes');
  });

  it('keeps a scenario that could not run, with the reason', () => {
    expect(summaries.find((summary) => summary.id === 'crm-insights-replay')).toMatchObject({
      runs: 0,
      skipped: 'not built: insights/replay.js',
    });
  });

  it('feeds the targets: own script time, added TBT, bytes against the lightest peer, missing figures as undefined', () => {
    const results = { pages: summaries, ingest: { sqlite: { skipped: 'not built' } } } as unknown as BenchResults;
    expect(targetFigures(results)).toMatchObject({
      'page.crm-insights.addedScriptMs': 25,
      'page.crm-insights.tbtMs': 0,
      'page.crm-insights.scriptBytesVsLightestPeer': 1,
      'page.crm-insights-replay.addedScriptMsVsSentryReplay': undefined,
      'capture.eventsPerSecond': undefined,
      'ingest.sqlite.eventsPerSecond': undefined,
    });
  });
});
