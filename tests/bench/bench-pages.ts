import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir, peerDir, publicDir } from './bench-config.ts';
import { bundlePeers } from './peers.ts';
import type { PeerName } from './peers.ts';
import { benchPageHtml, scenarios } from './scenarios.ts';
import type { Scenario } from './scenarios.ts';

/** The pages the browser parts load, each page's HTML, and why any of them cannot be measured. */
export interface BenchPages {
  all: Scenario[];
  /** Scenario id → why it has no figures; the page-cost part adds the loads that failed. */
  skipped: Map<string, string>;
  html: Record<string, string>;
}

/**
 * The file behind a path the bench server serves under `sdk/`: peers from the results folder, the rest from
 * dist/public. Scenarios name their files as `sdk/…`, page runs their scripts as `/sdk/…`.
 */
export const sdkFile = (path: string, sdk: 'sdk/' | '/sdk/') =>
  path.startsWith(`${sdk}peers/`)
    ? join(peerDir, path.slice(`${sdk}peers/`.length))
    : join(publicDir, path.slice(sdk.length));

/** Why a scenario's page cannot load: no demo, its peer did not bundle, or a file it needs was not built. */
function whyNotMeasurable(
  scenario: Scenario,
  demoHtml: string | undefined,
  bundleErrors: Record<PeerName, string | undefined>,
): string | undefined {
  const peerError = Object.entries(bundleErrors).find(
    ([name, error]) => error && scenario.tags.includes(`/peers/${name}.js`),
  )?.[1];
  const missing = scenario.needs.find((file) => !existsSync(sdkFile(file, 'sdk/')));
  if (!demoHtml) return 'not built: dist/public/demo';
  if (peerError) return `bundling failed: ${peerError}`;
  if (missing) return `not built: ${missing.replace(/^sdk\//, '')}`;
  return undefined;
}

/** Bundles the peers, then builds the page of every scenario `BENCH_PAGES` keeps (the page without an SDK always). */
export async function benchPages(): Promise<BenchPages> {
  const bundleErrors = await bundlePeers(benchDir, peerDir);
  const wantedPages = process.env.BENCH_PAGES?.split(',');
  const all = scenarios().filter(
    (scenario) => !wantedPages || scenario.kind === 'none' || wantedPages.includes(scenario.id),
  );
  const demoFile = join(publicDir, 'demo/index.html');
  const demoHtml = existsSync(demoFile) ? readFileSync(demoFile, 'utf8') : undefined;
  const skipped = new Map<string, string>();
  for (const scenario of all) {
    const reason = whyNotMeasurable(scenario, demoHtml, bundleErrors);
    if (reason) skipped.set(scenario.id, reason);
  }
  const html = Object.fromEntries(all.map((scenario) => [scenario.id, benchPageHtml(demoHtml ?? '', scenario.tags)]));
  return { all, skipped, html };
}
