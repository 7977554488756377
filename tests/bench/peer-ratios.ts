import type { BenchResults, ScenarioSummary } from './results.ts';
import { ratio } from './stats.ts';

/** The peers issue #19 holds the widget against: what it replaces on a CRM page (error reporting and flags). */
export const REPLACED_PEERS = ['sentry-errors', 'growthbook'] as const;

/**
 * The replaced peers as if they were one SDK on the page: their bytes, self time and added heap summed (each was
 * measured on its own page, in the same interleaved rounds). Undefined unless every one of them was measured.
 */
export function combinedPeers(pages: readonly ScenarioSummary[]): ScenarioSummary | undefined {
  const peers = REPLACED_PEERS.map((id) => pages.find((page) => page.id === id && !page.skipped));
  if (peers.some((peer) => !peer)) return undefined;
  const sum = (pick: (page: ScenarioSummary) => number | undefined) => {
    const values = peers.map((peer) => pick(peer!));
    return values.every((value) => value !== undefined) ? values.reduce((a, b) => a! + b!, 0) : undefined;
  };
  return {
    id: REPLACED_PEERS.join('+'),
    label: peers.map((peer) => peer!.label).join(' + '),
    kind: 'peer',
    runs: Math.min(...peers.map((peer) => peer!.runs)),
    scriptBrotli: sum((page) => page.scriptBrotli),
    sdkSelfMs: sum((page) => page.sdkSelfMs),
    addedHeapBytes: sum((page) => page.addedHeapBytes),
    bytesSent: sum((page) => page.bytesSent),
    samples: [],
  };
}

/** The figures of issue #19's targets, by target id. */
export function peerRatioFigures(results: BenchResults): Record<string, number | undefined> {
  const page = (id: string) => results.pages.find((summary) => summary.id === id && !summary.skipped);
  const crm = page('crm-insights');
  const sentry = page('sentry-errors');
  const combined = combinedPeers(results.pages);
  const capture = results.capture && 'trackP99Us' in results.capture ? results.capture : undefined;
  const core = results.sizes?.find((size) => size.name === 'core');
  return {
    'page.crm-insights.selfMsVsSentryAndGrowthbook': ratio(crm?.sdkSelfMs, combined?.sdkSelfMs),
    'page.crm-insights.selfMsVsSentry': ratio(crm?.sdkSelfMs, sentry?.sdkSelfMs),
    // Heap is compared as bytes, not as a ratio: an SDK that adds (next to) nothing would make any ratio explode.
    'page.crm-insights.addedHeapOverSentry':
      crm?.addedHeapBytes !== undefined && sentry?.addedHeapBytes !== undefined
        ? crm.addedHeapBytes - sentry.addedHeapBytes
        : undefined,
    'capture.trackP99Us': capture?.trackP99Us,
    'size.core.brotli.target': core?.built ? core.brotli : undefined,
  };
}
