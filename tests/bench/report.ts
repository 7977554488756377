import { dashboardTable } from './dashboard.ts';
import type { LimitCheck } from './budgets.ts';
import { HEAP_KINDS } from './heap-kinds.ts';
import { longUseTable } from './long-use.ts';
import type { HeapKind } from './heap-kinds.ts';
import { formatBytes, formatNumber, formatRatio, formatSignedBytes, formatTable } from './format.ts';
import type { BenchResults, ScenarioSummary } from './results.ts';
import type { ScaleStoreResult } from './scale-store-result.ts';
import { scaleFigures } from './scale-summary.ts';
import type { RateFigure } from './scale-summary.ts';
import { combinedPeers } from './peer-ratios.ts';
import { ratio } from './stats.ts';

const ms = (value: number | undefined) => (value === undefined ? '–' : `${formatNumber(value)} ms`);
const signedMs = (value: number | undefined) =>
  value === undefined ? '–' : `${value >= 0 ? '+' : ''}${formatNumber(value)} ms`;

/** One measured figure in the unit of the limit it is checked against. */
function measured(check: LimitCheck): string {
  if (check.actual === undefined) return 'not measured';
  if (check.limit.unit === 'bytes') return formatBytes(check.actual);
  if (check.limit.unit === '×') return formatRatio(check.actual);
  if (check.limit.unit === 'ms') return ms(check.actual);
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

/** The page-cost table: medians per page, and what each SDK adds to the page without one. */
export function pagesTable(pages: readonly ScenarioSummary[]): string {
  return formatTable(
    [
      'page',
      'SDK script (raw / brotli)',
      'script time, first 3 s',
      'added vs no SDK',
      'SDK self time',
      'TBT',
      'JS heap (added)',
      'FCP',
      'LCP',
      'sent, load + 10 s use',
      'JS heap after use (added)',
    ],
    pages.map((page) => {
      if (page.skipped) return [page.label, page.skipped, '', '', '', '', '', '', '', '', ''];
      return [
        page.label,
        page.kind === 'none' ? '–' : `${formatBytes(page.scriptBytes)} / ${formatBytes(page.scriptBrotli)}`,
        ms(page.scriptMs),
        page.kind === 'none' ? '–' : signedMs(page.addedScriptMs),
        page.kind === 'none' ? '–' : ms(page.sdkSelfMs),
        ms(page.tbtMs),
        page.kind === 'none'
          ? formatBytes(page.heapBytes)
          : `${formatBytes(page.heapBytes)} (${formatSignedBytes(page.addedHeapBytes)})`,
        ms(page.fcpMs),
        ms(page.lcpMs),
        page.bytesSent === undefined
          ? '–'
          : `${formatBytes(page.bytesSent)} in ${page.requestsSent} request${page.requestsSent === 1 ? '' : 's'}`,
        heapAfterUse(page),
      ];
    }),
  );
}

/** The heap after the scripted use, with what the SDK adds to the page without one; a dash when not measured. */
function heapAfterUse(page: ScenarioSummary): string {
  if (page.heapAfterUseBytes === undefined) return '–';
  if (page.kind === 'none' || page.addedHeapAfterUseBytes === undefined) return formatBytes(page.heapAfterUseBytes);
  return `${formatBytes(page.heapAfterUseBytes)} (${formatSignedBytes(page.addedHeapAfterUseBytes)})`;
}

/** crm-insights against the page without an SDK and against each peer: ratios of what they cost. */
export function ratiosTable(pages: readonly ScenarioSummary[]): string {
  const measuredPages = pages.filter((page) => !page.skipped);
  const none = measuredPages.find((page) => page.kind === 'none');
  const rows: string[][] = [];
  for (const crm of measuredPages.filter((page) => page.kind === 'crm')) {
    if (none)
      rows.push([
        crm.label,
        'no SDK',
        '–',
        formatRatio(ratio(crm.scriptMs, none.scriptMs)),
        '–',
        formatRatio(ratio(crm.heapBytes, none.heapBytes)),
        '–',
      ]);
    const combined = combinedPeers(measuredPages);
    for (const peer of [...measuredPages.filter((page) => page.kind === 'peer'), ...(combined ? [combined] : [])]) {
      rows.push([
        crm.label,
        peer.label,
        formatRatio(ratio(crm.scriptBrotli, peer.scriptBrotli)),
        formatRatio(ratio(crm.scriptMs, peer.scriptMs)),
        formatRatio(ratio(crm.sdkSelfMs, peer.sdkSelfMs)),
        formatRatio(ratio(crm.addedHeapBytes, peer.addedHeapBytes)),
        formatRatio(ratio(crm.bytesSent, peer.bytesSent)),
      ]);
    }
  }
  return formatTable(
    [
      'crm-insights',
      'against',
      'script bytes (brotli)',
      'page script time',
      'SDK self time',
      'added JS heap',
      'bytes sent',
    ],
    rows,
  );
}

/** Where crm-insights spends its main-thread script time during load, for whoever makes it cheaper. */
export function hotFunctionsTable(pages: readonly ScenarioSummary[]): string {
  const rows = pages
    .filter((page) => page.kind === 'crm' && page.sdkHotFunctions?.length)
    .flatMap((page) => page.sdkHotFunctions!.map((hot) => [page.label, hot.name, ms(hot.selfMs)]));
  return formatTable(
    ['page', 'function (source:line where a map says, else script:line:column)', 'self time per load'],
    rows,
  );
}

/**
 * What started crm-insights' script time during load: each sample in its scripts charged to the outermost crm-insights
 * function on the stack (the script's start, a timer, a listener, a promise callback), so a feature's whole cost shows.
 */
export function entryFunctionsTable(pages: readonly ScenarioSummary[]): string {
  const rows = pages
    .filter((page) => page.kind === 'crm' && page.sdkEntryFunctions?.length)
    .flatMap((page) => page.sdkEntryFunctions!.map((entry) => [page.label, entry.name, ms(entry.selfMs)]));
  return formatTable(['page', 'started by (outermost crm-insights function on the stack)', 'time per load'], rows);
}

/**
 * What each SDK's added heap is made of: its page's heap by kind (one heap snapshot, first load) minus the page
 * without an SDK's. Empty when the baseline has no snapshot.
 */
export function heapKindsTable(pages: readonly ScenarioSummary[]): string {
  const base = pages.find((page) => page.kind === 'none')?.heapKinds;
  const measured = pages.filter((page) => page.kind !== 'none' && page.heapKinds);
  if (!base || !measured.length) return '';
  const rows = HEAP_KINDS.map((kind) => [
    kind,
    ...measured.map((page) => formatBytes(page.heapKinds![kind] - base[kind])),
  ]);
  const total = (kinds: Record<HeapKind, number>) => HEAP_KINDS.reduce((sum, kind) => sum + kinds[kind], 0);
  rows.push(['all of these', ...measured.map((page) => formatBytes(total(page.heapKinds!) - total(base)))]);
  return formatTable(['added to the JS heap', ...measured.map((page) => page.label)], rows);
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

const rate = (figure: RateFigure | undefined) =>
  figure
    ? `${formatNumber(figure.eventsPerSecond)} events/s (p99 ${formatNumber(figure.p99Ms, 1)} ms${figure.failures ? `, ${figure.failures} failed` : ''})`
    : '–';
const megabytes = (bytes: number | undefined) => (bytes === undefined ? '–' : `${formatNumber(bytes / 2 ** 20)} MB`);

/** A store's scale run, by the store's name. */
type StoreRun = [store: string, run: ScaleStoreResult];

/** Each read's p50 / p95 on every store, with the ingest p99 and event-loop delay while it ran and its answer's size. */
function scaleReadsTable(measured: readonly StoreRun[]): string {
  const readIds = [...new Set(measured.flatMap(([, run]) => run.reads.map((read) => read.id)))];
  const readRows = readIds.map((id) => {
    const label = measured.flatMap(([, run]) => run.reads).find((read) => read.id === id)!.label;
    return [
      label,
      ...measured.flatMap(([, run]) => {
        const read = run.reads.find((candidate) => candidate.id === id);
        if (!read) return ['not run', '', '', ''];
        const heaviest = run.heaviest === id ? ' (heaviest)' : '';
        const time = read.p50Ms === undefined ? read.outcome : `${ms(read.p50Ms)} / ${ms(read.p95Ms)}`;
        return [`${time}${heaviest}`, ms(read.ingestP99Ms), ms(read.loopDelayMaxMs), formatBytes(read.bytes)];
      }),
    ];
  });
  const header = [
    'read',
    ...measured.flatMap(([store]) => [`${store}: p50 / p95`, 'ingest p99 meanwhile', 'loop delay max', 'answer']),
  ];
  return formatTable(header, readRows);
}

/** The scale run's other figures, one row each: its label and how a store's run shows it. */
const SCALE_FACTS: [string, (run: ScaleStoreResult) => string][] = [
  [
    'events loaded (history)',
    (run) =>
      `${formatNumber(run.historyEvents)} in ${formatNumber(run.load?.seconds)} s: ${rate(run.load)}${run.reusedStoreFrom ? ` (kept store, loaded ${run.reusedStoreFrom})` : ''}${run.loadCutShort ? ` (${run.loadCutShort})` : ''}`,
  ],
  [
    'ingest, empty store',
    (run) =>
      `${rate(run.ingestStart)}${run.ingestStartFrom ? ` (${run.ingestStartFrom}; ${rate(run.ingestStartWhenLoaded)} when the kept store was loaded)` : ''}`,
  ],
  ['ingest, full store', (run) => rate(run.ingestEnd)],
  ['ingest, full / empty store', (run) => formatRatio(scaleFigures(run).endToStartIngest)],
  ['steady ingest while reads ran', (run) => rate(run.background)],
  [
    'projection caught up',
    (run) => run.projection.skipped ?? `after ${formatNumber(run.projection.waitedSeconds, 1)} s`,
  ],
  [
    'projection caught up after the probe',
    (run) =>
      run.projectionAfterProbe?.skipped ??
      (run.projectionAfterProbe ? `after ${formatNumber(run.projectionAfterProbe.waitedSeconds, 1)} s` : '–'),
  ],
  ['API process RSS (now / peak)', (run) => `${megabytes(run.rssBytes)} / ${megabytes(run.peakRssBytes)}`],
  [
    'API process RSS now: anonymous / files / lazily freed',
    (run) => `${megabytes(run.rssAnonBytes)} / ${megabytes(run.rssFileBytes)} / ${megabytes(run.lazyFreeBytes)}`,
  ],
  [
    'record on disk',
    (run) =>
      run.disk
        ? `${megabytes(run.disk.recordBytes)}, ${formatNumber(run.disk.recordPerEvent)} B/event${run.disk.partitions ? `, ${run.disk.partitions} partitions` : ''}`
        : '–',
  ],
  [
    'analytics projection on disk',
    (run) =>
      run.disk
        ? run.disk.projectionBytes
          ? `${megabytes(run.disk.projectionBytes)}, ${formatNumber(run.disk.projectionPerEvent, 1)} B/event`
          : 'none'
        : '–',
  ],
  ['whole run', (run) => `${formatNumber(run.seconds)} s`],
];

/** Ingest, projection, memory and disk, one column per store. */
function scaleFactsTable(measured: readonly StoreRun[]): string {
  return formatTable(
    ['figure', ...measured.map(([store, run]) => `${store} (storage: ${run.storage ?? '?'})`)],
    SCALE_FACTS.map(([label, pick]) => [label, ...measured.map(([, run]) => pick(run))]),
  );
}

/** The scale part: each read's time beside the store's, then ingest, memory and disk, one column per store. */
export function scaleTables(scale: NonNullable<BenchResults['scale']>): string {
  const runs = Object.entries(scale.stores);
  const measured = runs.filter((entry): entry is StoreRun => 'reads' in entry[1]);
  const skipped = runs
    .filter(([, run]) => !('reads' in run))
    .map(([store, run]) => `${store}: ${(run as { skipped: string }).skipped}`);
  const sections = [];
  if (measured.length) sections.push(scaleReadsTable(measured), scaleFactsTable(measured));
  if (skipped.length) sections.push(skipped.map((line) => `Skipped: ${line}`).join('\n'));
  return sections.join('\n\n');
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
