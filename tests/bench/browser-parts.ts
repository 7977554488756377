import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { isSelected, peerDir, publicDir, settings } from './bench-config.ts';
import { benchPages, sdkFile } from './bench-pages.ts';
import type { BenchPages } from './bench-pages.ts';
import { startBenchServer } from './bench-server.ts';
import type { BenchServer } from './bench-server.ts';
import { CAPTURE_PAGE, measureCapture } from './capture.ts';
import { firstLineOfError } from './format.ts';
import { longUseCheckpoints, measureLongUse } from './long-use.ts';
import { measurePageRun } from './page-cost.ts';
import type { PageRun } from './page-cost.ts';
import type { BenchResults } from './results.ts';
import type { Scenario } from './scenarios.ts';
import { sourceLocator } from './source-locator.ts';
import { compressedSizes } from './sizes.ts';
import { summarize } from './summarize.ts';

/** What the parts that load pages share: one browser, one bench server, and the pages. */
interface PageSession extends BenchPages {
  browser: Browser;
  server: BenchServer;
}

/** Runs every scenario `runs` times, interleaved so that noise from the shared machine falls on all of them alike. */
async function measurePages(
  browser: Browser,
  server: BenchServer,
  available: Scenario[],
  failures: Map<string, string>,
): Promise<Map<string, PageRun[]>> {
  const runs = new Map<string, PageRun[]>(available.map((scenario) => [scenario.id, []]));
  const locate = sourceLocator(publicDir, server.origin);
  for (let round = 0; round < settings.runs; round++) {
    for (const scenario of available) {
      // Scripted use (bytes on the wire) is measured once per scenario, on the first round: it takes 10 s.
      const useMs = round === 0 ? settings.useMs : 0;
      try {
        runs.get(scenario.id)!.push(
          await measurePageRun(browser, server, scenario, {
            cpuThrottle: settings.cpuThrottle,
            windowMs: settings.windowMs,
            useMs,
            locate,
            // One heap snapshot per page says what its added heap is made of (the report's heap table).
            heapSnapshot: round === 0,
            heapSnapshotDir: process.env.BENCH_HEAP_SNAPSHOTS,
          }),
        );
        process.stdout.write('.');
      } catch (error) {
        // One failed load leaves the other runs' medians; a page that never loads says why in its row.
        failures.set(scenario.id, `failed: ${firstLineOfError(error)}`);
        process.stdout.write('x');
      }
    }
  }
  process.stdout.write('\n');
  return runs;
}

/** The brotli size of the scripts a page run loaded, from the files the bench server served them from. */
const servedBrotliBytes = (paths: string[]) =>
  paths.reduce((total, path) => {
    const file = sdkFile(path, '/sdk/');
    return total + (existsSync(file) ? compressedSizes(readFileSync(file)).brotli : 0);
  }, 0);

/** `pages`: each page's cost, medians of `BENCH_RUNS` loads; a page with some failed loads gets a note. */
async function measurePagesPart({ browser, server, all, skipped }: PageSession, results: BenchResults): Promise<void> {
  const { runs: loads, cpuThrottle } = settings;
  console.log(`page cost: ${all.length - skipped.size} pages × ${loads} runs, CPU throttled ${cpuThrottle}×`);
  const measured = all.filter((scenario) => !skipped.has(scenario.id));
  const failures = new Map<string, string>();
  const runs = await measurePages(browser, server, measured, failures);
  for (const [id, failure] of failures) {
    const worked = runs.get(id)?.length;
    const label = measured.find((scenario) => scenario.id === id)?.label;
    if (worked) results.notes.push(`${label}: some runs ${failure}; medians are of the ${worked} that worked`);
    // A page none of whose loads worked is left out of the parts after this one, saying why.
    else skipped.set(id, failure);
  }
  results.pages = summarize(all, skipped, runs, servedBrotliBytes);
}

/** `long-use`: each page's heap at the `LONG_USE_SECONDS` checkpoints of scripted use. */
async function measureLongUsePart(
  { browser, server, all, skipped }: PageSession,
  results: BenchResults,
): Promise<void> {
  const checkpoints = longUseCheckpoints(process.env.LONG_USE_SECONDS);
  console.log(`long use: ${all.length - skipped.size} pages, heap at ${checkpoints.join(', ')} s of use…`);
  // After the pages part, `skipped` also holds the pages none of whose loads worked there: they are left out here too.
  const measured = all.filter((scenario) => !skipped.has(scenario.id));
  results.longUse = await measureLongUse(browser, server, measured, checkpoints);
}

/** `capture`: what `track()` and its IndexedDB writes cost on a page with the built widget. */
async function measureCapturePart({ browser, server }: PageSession, results: BenchResults): Promise<void> {
  console.log('capture cost: track() and IndexedDB…');
  results.capture = existsSync(join(publicDir, 'insights.js'))
    ? await measureCapture(browser, server, settings.captureCalls).catch((error: unknown) => ({
        error: firstLineOfError(error),
      }))
    : { error: 'not built: insights.js' };
}

/** The parts that load pages (`pages`, `long-use`, `capture`, in that order) in one browser and bench server. */
export async function measureInBrowser(results: BenchResults): Promise<void> {
  const pages = await benchPages();
  const server = await startBenchServer({ publicDir, peerDir, pages: pages.html, capturePage: CAPTURE_PAGE });
  const browser = await launchBrowser();
  results.machine.chromium = browser.version();
  const session: PageSession = { ...pages, browser, server };
  try {
    if (isSelected('pages')) await measurePagesPart(session, results);
    if (isSelected('long-use')) await measureLongUsePart(session, results);
    if (isSelected('capture')) await measureCapturePart(session, results);
  } finally {
    await browser.close();
    await server.close();
  }
}
