import { formatBytes, formatMs, formatNumber, formatRatio, formatTable } from './format.ts';
import type { BenchResults } from './results.ts';
import type { ScaleStoreResult } from './scale-store-result.ts';
import { scaleFigures } from './scale-summary.ts';
import type { RateFigure } from './scale-summary.ts';

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
        const time = read.p50Ms === undefined ? read.outcome : `${formatMs(read.p50Ms)} / ${formatMs(read.p95Ms)}`;
        return [
          `${time}${heaviest}`,
          formatMs(read.ingestP99Ms),
          formatMs(read.loopDelayMaxMs),
          formatBytes(read.bytes),
        ];
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
