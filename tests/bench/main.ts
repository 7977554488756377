import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { isSelected, publicDir, resultsDir, root, settings } from './bench-config.ts';
import { measureInBrowser } from './browser-parts.ts';
import { brokenBudgets, checkLimit, sizeBudget, TARGETS } from './budgets.ts';
import { dashboardChecks } from './dashboard.ts';
import { firstLineOfError } from './format.ts';
import { report } from './report.ts';
import type { BenchResults } from './results.ts';
import type { ScaleStoreResult } from './scale-store-result.ts';
import { scaleChecks, scaleFigures } from './scale-summary.ts';
import { compareAnswersPart, measureDashboardPart, measureIngestPart, measureScalePart } from './server-parts.ts';
import { measureBundles } from './sizes.ts';
import { writeStartProfile } from './start-profile-part.ts';
import { targetFigures } from './summarize.ts';

// `npm run bench` (through run.mjs, from the repository root): build, measure, print, write latest.json, and exit
// non-zero when a size budget is broken. BENCH_ONLY, BENCH_PAGES and BENCH_RUNS narrow it down while working.

/** The results before any part has run: the machine, the settings, and empty figures. */
function emptyResults(started: number): BenchResults {
  return {
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
    notes: [],
    sizes: [],
    pages: [],
    ingest: {},
    checks: [],
  };
}

/** Builds what the selected parts measure; a failed build is a note, and the parts measure whatever dist/ holds. */
function buildForBench(notes: string[]): void {
  console.log('building widget, demo and server…');
  try {
    const parts = ['widget', 'demo', 'server', ...(isSelected('dashboard') ? ['dashboard'] : [])];
    // The start profile is recorded on scripts compiled whole, so that every function shows in the coverage.
    const env = isSelected('start-profile') ? { ...process.env, INSIGHTS_START_PROFILE: 'off' } : process.env;
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), ...parts], { stdio: 'inherit', env });
  } catch (error) {
    notes.push(`the build failed (${firstLineOfError(error)}); measured whatever dist/ held`);
  }
}

/** Every budget and target the measured figures can be held to. */
function benchChecks(results: BenchResults): BenchResults['checks'] {
  const figures = targetFigures(results);
  return [
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
}

/** 1, each reason on stderr, when a budget is broken, the core bundle is missing or the stores answer differently. */
function exitCode(results: BenchResults): number {
  const broken = brokenBudgets(results.checks);
  if (broken.length) console.error(`\nbudget broken: ${broken.map((check) => check.limit.label).join('; ')}`);
  // Without the core bundle no budget could be checked at all: that is a failure, not a pass.
  const coreMissing = isSelected('sizes') && !results.sizes.find((size) => size.name === 'core')?.built;
  if (coreMissing) console.error('\ninsights.js was not built: nothing to hold to the budgets');
  const answers = results.scaleAnswers;
  const differ = answers && 'reads' in answers ? answers.reads.filter((read) => !read.same) : [];
  if (differ.length)
    console.error(`\nanswers differ between SQLite and PostgreSQL: ${differ.map((read) => read.id).join(', ')}`);
  return broken.length || coreMissing || differ.length ? 1 : 0;
}

/** Builds, runs the selected parts in order, writes latest.json, prints the report, and returns the exit code. */
async function main(): Promise<number> {
  const started = Date.now();
  const results = emptyResults(started);
  mkdirSync(resultsDir, { recursive: true });
  buildForBench(results.notes);
  if (isSelected('start-profile')) {
    await writeStartProfile();
    return 0;
  }
  if (isSelected('sizes')) results.sizes = measureBundles(publicDir, join(root, 'widget/src/chunks'));
  if (isSelected('pages') || isSelected('capture') || isSelected('long-use')) await measureInBrowser(results);
  if (isSelected('ingest')) await measureIngestPart(results);
  if (isSelected('scale')) await measureScalePart(results);
  if (isSelected('scale-answers')) await compareAnswersPart(results);
  if (isSelected('dashboard')) await measureDashboardPart(results);
  results.checks = benchChecks(results);
  results.machine.loadAverageAfter = loadavg();
  results.seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(resultsDir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(report(results));
  console.log(`\nwritten: tests/bench/results/latest.json (${results.seconds} s)`);
  return exitCode(results);
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(error);
  return 2;
});
