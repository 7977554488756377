/**
 * Budgets (broken ⇒ `npm run bench` exits non-zero) and targets (printed beside the numbers, never failing).
 */

/** One limit on one measured figure. */
export interface Limit {
  /** Which figure it applies to, e.g. `size.core.brotli`. */
  id: string;
  label: string;
  /** `max`: the figure must not exceed `value`; `min`: it must reach it. */
  kind: 'max' | 'min';
  value: number;
  unit: string;
  /** Budgets fail the run; targets are goals, only reported. */
  severity: 'budget' | 'target';
}

/** A limit held against what was measured; `missing` when the figure could not be measured (not built, skipped). */
export interface LimitCheck {
  limit: Limit;
  actual: number | undefined;
  status: 'pass' | 'fail' | 'missing';
}

/** Checks one figure against its limit. */
export function checkLimit(limit: Limit, actual: number | undefined): LimitCheck {
  if (actual === undefined || !Number.isFinite(actual)) return { limit, actual: undefined, status: 'missing' };
  const pass = limit.kind === 'max' ? actual <= limit.value : actual >= limit.value;
  return { limit, actual, status: pass ? 'pass' : 'fail' };
}

/** The budgets (not targets) that failed: a non-empty list means the bench must exit non-zero. */
export function brokenBudgets(checks: readonly LimitCheck[]): LimitCheck[] {
  return checks.filter((check) => check.limit.severity === 'budget' && check.status === 'fail');
}

/** One kilobyte as the budgets count it. */
export const KB = 1024;

/** The size budgets from issue #8, by chunk name (`core` is `insights.js`, what every page loads). */
export const SIZE_BUDGETS: Record<string, number> = {
  core: 15 * KB,
  feedback: 12 * KB,
  replay: 25 * KB,
  // Issue #19: the sending half of delivery, loaded by every page that sends (2.2 KB when it was split out).
  send: 3 * KB,
};

/** The size budget (brotli bytes) for a bundle, if it has one. */
export function sizeBudget(name: string): Limit | undefined {
  const value = SIZE_BUDGETS[name];
  if (value === undefined) return undefined;
  return {
    id: `size.${name}.brotli`,
    label: `${name} ≤ ${value / KB} KB brotli`,
    kind: 'max',
    value,
    unit: 'bytes',
    severity: 'budget',
  };
}

/** The targets from issue #8, keyed by the figure they apply to. */
export const TARGETS: readonly Limit[] = [
  {
    id: 'page.crm-insights.addedScriptMs',
    label: 'own main-thread script time in the first 3 s ≤ 40 ms (CPU profile)',
    kind: 'max',
    value: 40,
    unit: 'ms',
    severity: 'target',
  },
  {
    id: 'page.crm-insights.tbtMs',
    label: 'no added total blocking time',
    kind: 'max',
    value: 0,
    unit: 'ms',
    severity: 'target',
  },
  {
    id: 'page.crm-insights.scriptBytesVsLightestPeer',
    label: 'script bytes ≤ 1/3 of the lightest comparable peer',
    kind: 'max',
    value: 1 / 3,
    unit: '×',
    severity: 'target',
  },
  {
    id: 'page.crm-insights-replay.addedScriptMsVsSentryReplay',
    label: 'with replay: own script time ≤ 1/2 of Sentry with replay',
    kind: 'max',
    value: 0.5,
    unit: '×',
    severity: 'target',
  },
  {
    id: 'page.crm-insights-replay.bytesSentVsSentryReplay',
    label: 'with replay: bytes on the wire ≤ 1/3 of Sentry with replay',
    kind: 'max',
    value: 1 / 3,
    unit: '×',
    severity: 'target',
  },
  {
    id: 'capture.eventsPerSecond',
    label: '≥ 50,000 events/s into IndexedDB',
    kind: 'min',
    value: 50_000,
    unit: 'events/s',
    severity: 'target',
  },
  {
    id: 'ingest.sqlite.eventsPerSecond',
    label: '≥ 30,000 events/s stored on SQLite',
    kind: 'min',
    value: 30_000,
    unit: 'events/s',
    severity: 'target',
  },
  // Issue #19: half the start-up cost of the peers the widget replaces, and room in the core.
  {
    id: 'page.crm-insights.selfMsVsSentryAndGrowthbook',
    label: 'own script time ≤ 0.5× of @sentry/browser (errors) and GrowthBook together (#19)',
    kind: 'max',
    value: 0.5,
    unit: '×',
    severity: 'target',
  },
  {
    id: 'page.crm-insights.selfMsVsSentry',
    label: 'own script time ≤ 0.75× of @sentry/browser (errors) alone (#19)',
    kind: 'max',
    value: 0.75,
    unit: '×',
    severity: 'target',
  },
  {
    id: 'page.crm-insights.addedHeapOverSentry',
    label: "added JS heap ≤ @sentry/browser (errors)' added heap (#19)",
    kind: 'max',
    value: 0,
    unit: 'bytes',
    severity: 'target',
  },
  {
    id: 'capture.trackP99Us',
    label: 'track() p99 ≤ 100 µs (#19)',
    kind: 'max',
    value: 100,
    unit: 'µs',
    severity: 'target',
  },
  {
    id: 'size.core.brotli.target',
    label: 'core ≤ 14 KB brotli, room for what comes next (#19)',
    kind: 'max',
    value: 14 * KB,
    unit: 'bytes',
    severity: 'target',
  },
];
