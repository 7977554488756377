import type { LimitCheck } from './budgets.ts';
import { dashboardTable } from './dashboard.ts';
import { formatBytes, formatMs, formatNumber, formatRatio, formatTable } from './format.ts';
import { longUseTable } from './long-use.ts';
import { entryFunctionsTable, heapKindsTable, hotFunctionsTable, pagesTable, ratiosTable } from './page-tables.ts';
import type { BenchResults } from './results.ts';
import { scaleTables } from './scale-tables.ts';

/** One measured figure in the unit of the limit it is checked against. */
function measured(check: LimitCheck): string {
  if (check.actual === undefined) return 'not measured';
  if (check.limit.unit === 'bytes') return formatBytes(check.actual);
  if (check.limit.unit === '×') return formatRatio(check.actual);
  if (check.limit.unit === 'ms') return formatMs(check.actual);
  return `${formatNumber(check.actual)} ${check.limit.unit}`;
}

/** The sizes table: every bundle, its compressed sizes and its budget. */
export function sizesTable(results: BenchResults): string {
  const checks = new Map(results.checks.map((check) => [check.limit.id, check]));
  return formatTable(
    ['bundle', 'raw', 'gzip', 'brotli', 'budget (brotli)'],
    results.sizes.map((size) => {
      const check = checks.get(`size.${size.name}.brotli`);
      const budget = check
        ? `${formatBytes(check.limit.value)}: ${check.status === 'missing' ? 'not built' : check.status}`
        : 'none';
      if (!size.built) return [`${size.name} (${size.file})`, 'not built', 'not built', 'not built', budget];
      return [
        `${size.name} (${size.file})`,
        formatBytes(size.raw),
        formatBytes(size.gzip),
        formatBytes(size.brotli),
        budget,
      ];
    }),
  );
}

/** Capture cost and ingest throughput. */
export function throughputTable(results: BenchResults): string {
  const rows: string[][] = [];
  const capture = results.capture;
  if (capture && 'error' in capture) rows.push(['capture in Chromium (track → IndexedDB)', capture.error, '', '', '']);
  else if (capture) {
    rows.push([
      `capture in Chromium: ${formatNumber(capture.calls)} track() calls`,
      `${formatNumber(capture.eventsPerSecond)} events/s into IndexedDB (${formatNumber(capture.stored)} stored)`,
      `${formatNumber(capture.trackP50Us)} µs`,
      `${formatNumber(capture.trackP99Us)} µs`,
      `mean ${formatNumber(capture.trackMeanUs, 1)} µs/call; writes done ${formatNumber(capture.writeTailMs)} ms after the last call; clock resolution ${capture.clockResolutionUs} µs`,
    ]);
  }
  for (const [storage, ingest] of Object.entries(results.ingest)) {
    if ('skipped' in ingest) rows.push([`ingest, ${storage}`, ingest.skipped, '', '', '']);
    else {
      rows.push([
        storage === 'generator'
          ? 'load generator alone (no-op server, same process)'
          : `ingest, ${storage} (storage: ${ingest.storage})`,
        `${formatNumber(ingest.eventsPerSecond)} events/s ${storage === 'generator' ? 'answered' : 'stored'}`,
        `${formatNumber(ingest.p50Ms, 1)} ms`,
        `${formatNumber(ingest.p99Ms, 1)} ms`,
        `${formatNumber(ingest.batches)} batches of 50 in ${formatNumber(ingest.seconds, 1)} s, ${ingest.concurrency} in flight, ${ingest.failures} failed${
          ingest.failures
            ? ` (${Object.entries(ingest.failureReasons ?? {})
                .map(([reason, count]) => `${count}× ${reason}`)
                .join('; ')})`
            : ''
        }`,
      ]);
    }
  }
  return formatTable(['what', 'throughput', 'p50', 'p99', 'detail'], rows);
}

/** Budgets and targets beside what was measured. */
export function checksTable(checks: readonly LimitCheck[]): string {
  return formatTable(
    ['kind', 'limit', 'measured', 'status'],
    checks.map((check) => [
      check.limit.severity,
      check.limit.label,
      measured(check),
      check.status === 'missing'
        ? 'not measured'
        : check.status === 'pass'
          ? 'met'
          : check.limit.severity === 'budget'
            ? 'BROKEN'
            : 'missed',
    ]),
  );
}

/** The whole printed report. */
export function report(results: BenchResults): string {
  const machine = results.machine;
  const sections = [
    `Machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB; Node ${machine.node}; Chromium ${machine.chromium ?? '–'}; ` +
      `load average ${machine.loadAverageBefore.map((load) => load.toFixed(1)).join('/')} before, ${machine.loadAverageAfter.map((load) => load.toFixed(1)).join('/')} after`,
    `Settings: ${results.settings.runs} runs per page (medians), CPU throttled ${results.settings.cpuThrottle}×, first ${results.settings.windowMs / 1000} s measured, ${results.settings.useMs / 1000} s of scripted use once per page`,
  ];
  if (results.notes.length) sections.push(results.notes.map((note) => `Note: ${note}`).join('\n'));
  if (results.sizes.length) sections.push(`Sizes\n\n${sizesTable(results)}`);
  if (results.pages.length) {
    sections.push(`Page cost\n\n${pagesTable(results.pages)}`, `Ratios\n\n${ratiosTable(results.pages)}`);
    sections.push(`Where crm-insights spends its script time (CPU profile)\n\n${hotFunctionsTable(results.pages)}`);
    if (results.pages.some((page) => page.sdkEntryFunctions?.length))
      sections.push(`What starts crm-insights' script time (CPU profile)\n\n${entryFunctionsTable(results.pages)}`);
    const heap = heapKindsTable(results.pages);
    if (heap) sections.push(`What the added JS heap is made of (heap snapshot, first load)\n\n${heap}`);
  }
  if (results.longUse)
    sections.push(
      `JS heap over minutes of scripted use (after a forced GC, no CPU throttle)\n\n${longUseTable(results.longUse)}`,
    );
  if (results.capture || Object.keys(results.ingest).length)
    sections.push(`Capture and ingest\n\n${throughputTable(results)}`);
  if (results.scale) {
    const settings = results.scale.settings;
    sections.push(
      `Analytics at scale: ${formatNumber(settings.events)} events, ${formatNumber(settings.users)} users, ${settings.days} days, seed ${settings.seed}; each read ${settings.readCalls}× (p50 / p95) while ${formatNumber(settings.backgroundEventsPerSecond)} events/s arrive\n\n${scaleTables(results.scale)}`,
    );
  }
  if (results.dashboard)
    sections.push(
      'skipped' in results.dashboard
        ? `Dashboard: skipped (${results.dashboard.skipped})`
        : dashboardTable(results.dashboard),
    );
  sections.push(`Budgets and targets\n\n${checksTable(results.checks)}`);
  return sections.join('\n\n');
}
