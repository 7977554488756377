import { describe, expect, it } from 'vitest';
import { combinedPeers, peerRatioFigures } from './peer-ratios.ts';
import type { BenchResults, ScenarioSummary } from './results.ts';

const page = (id: string, figures: Partial<ScenarioSummary>): ScenarioSummary => ({
  id,
  label: id,
  kind: id === 'crm-insights' ? 'crm' : 'peer',
  runs: 5,
  samples: [],
  ...figures,
});

const pages = [
  page('crm-insights', { sdkSelfMs: 60, addedHeapBytes: 300_000, scriptBrotli: 15_000 }),
  page('sentry-errors', { sdkSelfMs: 100, addedHeapBytes: 500_000, scriptBrotli: 25_000 }),
  page('growthbook', { sdkSelfMs: 50, addedHeapBytes: 200_000, scriptBrotli: 10_000 }),
];

describe('combinedPeers', () => {
  it('sums what Sentry (errors) and GrowthBook cost, as one SDK', () => {
    expect(combinedPeers(pages)).toMatchObject({
      id: 'sentry-errors+growthbook',
      sdkSelfMs: 150,
      addedHeapBytes: 700_000,
      scriptBrotli: 35_000,
    });
  });

  it('is undefined when one of them was not measured', () => {
    expect(combinedPeers([pages[0]!, pages[1]!, page('growthbook', { skipped: 'not built' })])).toBeUndefined();
  });
});

describe('peerRatioFigures', () => {
  it("gives issue #19's figures: self time against both peers and Sentry alone, heap over Sentry's, p99, core", () => {
    const results = {
      pages,
      capture: { trackP99Us: 40, eventsPerSecond: 60_000 },
      sizes: [{ name: 'core', file: 'insights.js', built: true, brotli: 14_000 }],
    } as unknown as BenchResults;
    expect(peerRatioFigures(results)).toEqual({
      'page.crm-insights.selfMsVsSentryAndGrowthbook': 0.4,
      'page.crm-insights.selfMsVsSentry': 0.6,
      'page.crm-insights.addedHeapOverSentry': -200_000,
      'capture.trackP99Us': 40,
      'size.core.brotli.target': 14_000,
    });
  });

  it('leaves a figure undefined when what it needs is missing', () => {
    const results = { pages: pages.slice(0, 1), capture: { error: 'not built' }, sizes: [] } as unknown as BenchResults;
    expect(Object.values(peerRatioFigures(results)).every((value) => value === undefined)).toBe(true);
  });
});
