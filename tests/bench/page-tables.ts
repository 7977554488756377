import { formatBytes, formatMs, formatRatio, formatSignedBytes, formatSignedMs, formatTable } from './format.ts';
import { HEAP_KINDS } from './heap-kinds.ts';
import type { HeapKind } from './heap-kinds.ts';
import { combinedPeers } from './peer-ratios.ts';
import type { ScenarioSummary } from './results.ts';
import { ratio } from './stats.ts';

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
        formatMs(page.scriptMs),
        page.kind === 'none' ? '–' : formatSignedMs(page.addedScriptMs),
        page.kind === 'none' ? '–' : formatMs(page.sdkSelfMs),
        formatMs(page.tbtMs),
        page.kind === 'none'
          ? formatBytes(page.heapBytes)
          : `${formatBytes(page.heapBytes)} (${formatSignedBytes(page.addedHeapBytes)})`,
        formatMs(page.fcpMs),
        formatMs(page.lcpMs),
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
    .flatMap((page) => page.sdkHotFunctions!.map((hot) => [page.label, hot.name, formatMs(hot.selfMs)]));
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
    .flatMap((page) => page.sdkEntryFunctions!.map((entry) => [page.label, entry.name, formatMs(entry.selfMs)]));
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
