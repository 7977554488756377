import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser.ts';
import { startBenchServer } from './bench-server.ts';
import { sourceLocator } from './source-locator.ts';
import type { BenchServer } from './bench-server.ts';
import { brokenBudgets, checkLimit, sizeBudget, TARGETS } from './budgets.ts';
import { CAPTURE_PAGE, measureCapture } from './capture.ts';
import { longUseCheckpoints, measureLongUse } from './long-use.ts';
import { dashboardChecks, measureDashboard } from './dashboard.ts';
import { dashboardStoreSettings } from './dashboard-store.ts';
import { measureGeneratorCeiling, measureIngest } from './ingest.ts';
import { measurePageRun } from './page-cost.ts';
import type { PageRun } from './page-cost.ts';
import { bundlePeers } from './peers.ts';
import { report } from './report.ts';
import { measureScaleStore, scalePaths, scaleSettingsFromEnv } from './scale.ts';
import { answersTable, compareScaleAnswers } from './scale-answers.ts';
import { scaleChecks, scaleFigures } from './scale-summary.ts';
import type { BenchResults } from './results.ts';
import type { ScaleStoreResult } from './scale.ts';
import { benchPageHtml, scenarios } from './scenarios.ts';
import { recordStartProfile } from './start-profile.ts';
import type { Scenario } from './scenarios.ts';
import { compressedSizes, measureBundles } from './sizes.ts';
import { summarize, targetFigures } from './summarize.ts';

// `npm run bench` (through run.mjs, from the repository root): build, measure, print, write latest.json, and exit
// non-zero when a size budget is broken. BENCH_ONLY, BENCH_PAGES and BENCH_RUNS narrow it down while working.
const numberFromEnv = (name: string, fallback: number, env: NodeJS.ProcessEnv = process.env) => {
  const value = Number(env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

const root = resolve('.');
const benchDir = join(root, 'tests/bench');
const resultsDir = join(benchDir, 'results');
const publicDir = join(root, 'dist/public');
const only = new Set((process.env.BENCH_ONLY ?? 'sizes,pages,capture,ingest').split(','));
const settings: BenchResults['settings'] = {
  runs: numberFromEnv('BENCH_RUNS', 5),
  cpuThrottle: 4,
  windowMs: 3000,
  useMs: 10_000,
  captureCalls: 20_000,
  ingest: { batchSize: 50, maxBatches: 2000, maxSeconds: 15, concurrency: 8 },
};

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
        failures.set(scenario.id, `failed: ${message(error)}`);
        process.stdout.write('x');
      }
    }
  }
  process.stdout.write('\n');
  return runs;
}

/** `BENCH_ONLY=scale`: the analytics-at-volume run on SQLite and/or PostgreSQL (`SCALE_STORE=sqlite,postgres`). */
async function measureScale(results: BenchResults): Promise<void> {
  const settings = scaleSettingsFromEnv(process.env, numberFromEnv);
  const paths = scalePaths(root, resultsDir);
  const stores: Record<string, ScaleStoreResult | { skipped: string }> = {};
  results.scale = { settings, stores };
  for (const store of (process.env.SCALE_STORE ?? 'sqlite').split(',')) {
    console.log(
      `scale on ${store}: ${settings.events.toLocaleString('en-US')} events, then every read ${settings.readCalls}× while ${settings.backgroundEventsPerSecond} events/s keep arriving…`,
    );
    const databaseUrl = store === 'postgres' ? process.env.TEST_DATABASE_URL || process.env.DATABASE_URL : undefined;
    if (store !== 'sqlite' && store !== 'postgres')
      stores[store] = { skipped: 'unknown store: use sqlite or postgres' };
    else if (!existsSync(paths.serverFile)) stores[store] = { skipped: 'not built: dist/server/main.js' };
    else if (store === 'postgres' && !databaseUrl)
      stores[store] = { skipped: 'TEST_DATABASE_URL / DATABASE_URL not set' };
    else
      stores[store] = await measureScaleStore(paths, settings, databaseUrl).catch((error: unknown) => ({
        skipped: `failed: ${message(error)}`,
      }));
  }
}

/**
 * `BENCH_ONLY=scale-answers`: the same generated history (`SCALE_EVENTS`, 50,000 unless set) on SQLite and on
 * PostgreSQL, every scale read's JSON compared; any difference fails the run.
 */
async function compareAnswersPart(results: BenchResults): Promise<void> {
  const env = { SCALE_EVENTS: '50000', ...process.env };
  const settings = scaleSettingsFromEnv(env, (name, fallback) => numberFromEnv(name, fallback, env));
  const databaseUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  const paths = scalePaths(root, resultsDir);
  if (!databaseUrl) results.scaleAnswers = { skipped: 'TEST_DATABASE_URL / DATABASE_URL not set' };
  else if (!existsSync(paths.serverFile)) results.scaleAnswers = { skipped: 'not built: dist/server/main.js' };
  else
    results.scaleAnswers = await compareScaleAnswers(paths, settings, databaseUrl).catch((error: unknown) => ({
      skipped: `failed: ${message(error)}`,
    }));
  console.log(
    'reads' in results.scaleAnswers
      ? answersTable(results.scaleAnswers)
      : `scale answers: ${results.scaleAnswers.skipped}`,
  );
}

/**
 * `BENCH_ONLY=dashboard` (after the scale part in a full run): every dashboard page timed in Chromium on the scale
 * bench's store (`SCALE_DATA_DIR`), or on one seeded here at `SCALE_EVENTS`.
 */
async function measureDashboardPart(results: BenchResults): Promise<void> {
  const paths = scalePaths(root, resultsDir);
  console.log("dashboard: every page in Chromium on the scale bench's data…");
  if (!existsSync(paths.serverFile) || !existsSync(join(publicDir, 'dashboard/index.html')))
    results.dashboard = { skipped: 'not built: dist/server/main.js and dist/public/dashboard' };
  else
    results.dashboard = await measureDashboard(
      paths,
      dashboardStoreSettings(scaleSettingsFromEnv(process.env, numberFromEnv), process.env),
      process.env,
      numberFromEnv('DASHBOARD_RUNS', settings.runs),
    ).catch((error: unknown) => ({ skipped: `failed: ${message(error)}` }));
  if ('chromium' in results.dashboard) results.machine.chromium ??= results.dashboard.chromium;
}

/**
 * `BENCH_ONLY=start-profile` (`npm run profile:start`): records which functions the demo page runs at start into
 * widget/start-profile.json (see start-profile.ts), then builds the widget again with it.
 */
async function writeStartProfile(): Promise<void> {
  const tags = scenarios().find((scenario) => scenario.id === 'crm-insights')?.tags ?? '';
  const pages = { 'crm-insights': benchPageHtml(readFileSync(join(publicDir, 'demo/index.html'), 'utf8'), tags) };
  const server = await startBenchServer({ publicDir, peerDir: join(resultsDir, 'peers'), pages, capturePage: '' });
  const browser = await launchBrowser();
  try {
    const { runs: loads, windowMs, cpuThrottle } = settings;
    const profile = await recordStartProfile(browser, server, { publicDir, loads, windowMs, cpuThrottle });
    writeFileSync(join(root, 'widget/start-profile.json'), `${JSON.stringify(profile, null, 2)}\n`);
    for (const [script, names] of Object.entries(profile.scripts))
      console.log(`${script}: ${names.length} functions ran in the first ${windowMs / 1000} s`);
  } finally {
    await browser.close();
    await server.close();
  }
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'widget'], { stdio: 'inherit' });
}

async function main(): Promise<number> {
  const started = Date.now();
  const notes: string[] = [];
  const results: BenchResults = {
    startedAt: new Date(started).toISOString(),
    seconds: 0,
    machine: {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverageBefore: loadavg(),
      loadAverageAfter: [],
    },
    settings,
    notes,
    sizes: [],
    pages: [],
    ingest: {},
    checks: [],
  };
  mkdirSync(resultsDir, { recursive: true });

  console.log('building widget, demo and server…');
  try {
    const parts = ['widget', 'demo', 'server', ...(only.has('dashboard') ? ['dashboard'] : [])];
    // The start profile is recorded on scripts compiled whole, so that every function shows in the coverage.
    const env = only.has('start-profile') ? { ...process.env, INSIGHTS_START_PROFILE: 'off' } : process.env;
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), ...parts], { stdio: 'inherit', env });
  } catch (error) {
    notes.push(`the build failed (${message(error)}); measured whatever dist/ held`);
  }

  if (only.has('start-profile')) {
    await writeStartProfile();
    return 0;
  }

  if (only.has('sizes')) results.sizes = measureBundles(publicDir, join(root, 'widget/src/chunks'));

  if (only.has('pages') || only.has('capture') || only.has('long-use')) {
    const peerDir = join(resultsDir, 'peers');
    const bundleErrors = await bundlePeers(benchDir, peerDir);
    const wantedPages = process.env.BENCH_PAGES?.split(',');
    const all = scenarios().filter(
      (scenario) => !wantedPages || scenario.kind === 'none' || wantedPages.includes(scenario.id),
    );
    const demoFile = join(publicDir, 'demo/index.html');
    const demoHtml = existsSync(demoFile) ? readFileSync(demoFile, 'utf8') : undefined;
    const skipped = new Map<string, string>();
    for (const scenario of all) {
      const peerError = Object.entries(bundleErrors).find(
        ([name, error]) => error && scenario.tags.includes(`/peers/${name}.js`),
      )?.[1];
      const missing = scenario.needs.find(
        (file) =>
          !existsSync(
            file.startsWith('sdk/peers/')
              ? join(peerDir, file.slice('sdk/peers/'.length))
              : join(publicDir, file.slice('sdk/'.length)),
          ),
      );
      if (!demoHtml) skipped.set(scenario.id, 'not built: dist/public/demo');
      else if (peerError) skipped.set(scenario.id, `bundling failed: ${peerError}`);
      else if (missing) skipped.set(scenario.id, `not built: ${missing.replace(/^sdk\//, '')}`);
    }
    const pages = Object.fromEntries(
      all.map((scenario) => [scenario.id, benchPageHtml(demoHtml ?? '', scenario.tags)]),
    );
    const server = await startBenchServer({ publicDir, peerDir, pages, capturePage: CAPTURE_PAGE });
    const browser = await launchBrowser();
    results.machine.chromium = browser.version();
    try {
      if (only.has('pages')) {
        console.log(
          `page cost: ${all.length - skipped.size} pages × ${settings.runs} runs, CPU throttled ${settings.cpuThrottle}×`,
        );
        const measured = all.filter((scenario) => !skipped.has(scenario.id));
        const runs = await measurePages(browser, server, measured, skipped);
        for (const scenario of measured) {
          const failure = skipped.get(scenario.id);
          if (failure && runs.get(scenario.id)?.length)
            notes.push(
              `${scenario.label}: some runs ${failure}; medians are of the ${runs.get(scenario.id)!.length} that worked`,
            );
        }
        const brotliOf = (paths: string[]) =>
          paths.reduce((total, path) => {
            const file = path.startsWith('/sdk/peers/')
              ? join(peerDir, path.slice('/sdk/peers/'.length))
              : join(publicDir, path.slice('/sdk/'.length));
            return total + (existsSync(file) ? compressedSizes(readFileSync(file)).brotli : 0);
          }, 0);
        results.pages = summarize(all, skipped, runs, brotliOf);
      }
      if (only.has('long-use')) {
        const checkpoints = longUseCheckpoints(process.env.LONG_USE_SECONDS);
        console.log(`long use: ${all.length - skipped.size} pages, heap at ${checkpoints.join(', ')} s of use…`);
        const measured = all.filter((scenario) => !skipped.has(scenario.id));
        results.longUse = await measureLongUse(browser, server, measured, checkpoints);
      }
      if (only.has('capture')) {
        console.log('capture cost: track() and IndexedDB…');
        results.capture = existsSync(join(publicDir, 'insights.js'))
          ? await measureCapture(browser, server, settings.captureCalls).catch((error: unknown) => ({
              error: message(error),
            }))
          : { error: 'not built: insights.js' };
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }

  if (only.has('ingest')) {
    const serverFile = join(root, 'dist/server/main.js');
    console.log('ingest: 50-event batches into the built server…');
    results.ingest.generator = await measureGeneratorCeiling({ ...settings.ingest, maxSeconds: 5 });
    if (!existsSync(serverFile)) results.ingest.sqlite = { skipped: 'not built: dist/server/main.js' };
    else {
      results.ingest.sqlite = await measureIngest(serverFile, publicDir, settings.ingest).catch((error: unknown) => ({
        skipped: `failed: ${message(error)}`,
      }));
      const databaseUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
      results.ingest.postgres = databaseUrl
        ? await measureIngest(serverFile, publicDir, settings.ingest, databaseUrl).catch((error: unknown) => ({
            skipped: `the server did not run on PostgreSQL: ${message(error)}`,
          }))
        : { skipped: 'TEST_DATABASE_URL / DATABASE_URL not set' };
    }
  }

  if (only.has('scale')) await measureScale(results);
  if (only.has('scale-answers')) await compareAnswersPart(results);
  if (only.has('dashboard')) await measureDashboardPart(results);

  const figures = targetFigures(results);
  results.checks = [
    ...results.sizes.flatMap((size) => {
      const budget = sizeBudget(size.name);
      return budget ? [checkLimit(budget, size.brotli)] : [];
    }),
    ...TARGETS.map((target) => checkLimit(target, figures[target.id])),
    // The figures are for the embedded default; PostgreSQL's are printed beside them.
    ...(results.dashboard && 'pages' in results.dashboard ? dashboardChecks(results.dashboard) : []),
    ...(results.scale && 'reads' in (results.scale.stores.sqlite ?? {})
      ? scaleChecks(scaleFigures(results.scale.stores.sqlite as ScaleStoreResult))
      : []),
  ];
  results.machine.loadAverageAfter = loadavg();
  results.seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(report(results));
  console.log(`\nwritten: tests/bench/results/latest.json (${results.seconds} s)`);
  const broken = brokenBudgets(results.checks);
  if (broken.length) console.error(`\nbudget broken: ${broken.map((check) => check.limit.label).join('; ')}`);
  // Without the core bundle no budget could be checked at all: that is a failure, not a pass.
  const coreMissing = only.has('sizes') && !results.sizes.find((size) => size.name === 'core')?.built;
  if (coreMissing) console.error('\ninsights.js was not built: nothing to hold to the budgets');
  const answers = results.scaleAnswers;
  const differ = answers && 'reads' in answers ? answers.reads.filter((read) => !read.same) : [];
  if (differ.length)
    console.error(`\nanswers differ between SQLite and PostgreSQL: ${differ.map((read) => read.id).join(', ')}`);
  return broken.length || coreMissing || differ.length ? 1 : 0;
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error);
  return 2;
});
