import { sampleRatioMismatch } from '../../../shared/stats/sample-ratio-mismatch.ts';
import { routeTemplate } from '../analytics/projection/route-template.ts';
import type { AlertErrorGroup } from '../analytics/queries/alert-errors.ts';
import { KIND_DEFAULTS } from './alert-rule.ts';
import type { AlertRule } from './alert-rule.ts';
import type { AlertSignals } from './alert-signals.ts';

/** One thing a rule found firing now: its key (one incident per rule and key), the value and a sentence. */
export interface Firing {
  key: string;
  value: number;
  summary: string;
  /** The dashboard page that shows it, relative to the dashboard's root. */
  page: string;
}

const MINUTE = 60_000;
/** The baseline an error window is compared with: the day before it. */
const BASELINE_MS = 24 * 60 * MINUTE;

/** What a condition looks at: the window `since`..`now`, its length, and the rule's threshold and minimum count. */
interface ConditionWindow {
  since: number;
  now: number;
  windowMs: number;
  /** The window's length in minutes, as the summaries say it. */
  minutes: number;
  threshold: number;
  minCount: number;
}

/** The kinds decided on error groups, from one read of the window and the day before it. */
type ErrorKind = 'error.new' | 'error.spike' | 'error.regression';

/** What a rule finds firing at `now` (empty when its condition is clear). */
export async function evaluateCondition(rule: AlertRule, signals: AlertSignals, now: number): Promise<Firing[]> {
  const window = conditionWindow(rule, now);
  switch (rule.kind) {
    case 'error.new':
    case 'error.spike':
    case 'error.regression': {
      const groups = await signals.errorGroups(window.since, window.since - BASELINE_MS, now);
      return errorFirings(rule.kind, groups, window);
    }
    case 'vitals.p75':
      return vitalsCondition(rule, signals, window);
    case 'nps.drop':
      return npsCondition(signals, window);
    case 'experiment.srm':
      return srmCondition(signals, window);
    case 'client.drops':
    case 'ingest.errors':
    case 'health.score':
      return metricCondition(rule, signals, window.since, now, window.threshold);
  }
}

/** The rule's window ending at `now`, with its threshold and minimum count (its own, else its kind's defaults). */
function conditionWindow(rule: AlertRule, now: number): ConditionWindow {
  const defaults = KIND_DEFAULTS[rule.kind];
  const windowMs = (rule.windowMinutes ?? defaults.windowMinutes) * MINUTE;
  return {
    since: now - windowMs,
    now,
    windowMs,
    minutes: windowMs / MINUTE,
    threshold: rule.threshold ?? defaults.threshold,
    minCount: rule.minCount ?? defaults.minCount,
  };
}

/** The error groups an error rule fires for: new ones, regressed ones, or those spiking over the day's rate. */
function errorFirings(kind: ErrorKind, groups: AlertErrorGroup[], window: ConditionWindow): Firing[] {
  const { minutes, minCount } = window;
  if (kind === 'error.new') {
    return groups
      .filter((group) => group.baselineCount === 0 && group.count >= minCount)
      .map((group) => ({
        key: group.fingerprint,
        value: group.count,
        summary: `New error: ${group.message} (${group.count} in ${minutes} min, none in the day before)`,
        page: errorPage(group.fingerprint),
      }));
  }
  if (kind === 'error.regression') {
    return groups
      .filter((group) => group.regressed && group.count >= minCount)
      .map((group) => ({
        key: group.fingerprint,
        value: group.count,
        summary: `Regression: ${group.message} was resolved and is back (${group.count} in ${minutes} min)`,
        page: errorPage(group.fingerprint),
      }));
  }
  return groups.flatMap((group) => spikeFiring(group, window));
}

/** One group's spike: its count against the baseline day's rate over one window's length. */
function spikeFiring(group: AlertErrorGroup, { windowMs, minutes, threshold, minCount }: ConditionWindow): Firing[] {
  // The baseline rate over one window's length; a group never seen before compares with "less than one".
  const baseline = (group.baselineCount * windowMs) / BASELINE_MS;
  const factor = group.count / Math.max(baseline, 1);
  if (group.count < minCount || factor < threshold) return [];
  return [
    {
      key: group.fingerprint,
      value: group.count,
      summary: `Error spike: ${group.message}: ${group.count} in ${minutes} min, ${round(factor)}x the day's rate (${round(baseline)} per ${minutes} min)`,
      page: errorPage(group.fingerprint),
    },
  ];
}

function errorPage(fingerprint: string): string {
  return `errors?fingerprint=${encodeURIComponent(fingerprint)}`;
}

/** Route templates whose vitals p75 is over the threshold (only the named page's template when the rule names one). */
async function vitalsCondition(rule: AlertRule, signals: AlertSignals, window: ConditionWindow): Promise<Firing[]> {
  const { since, now, minutes, threshold, minCount } = window;
  const metric = rule.metric ?? 'LCP';
  const routes = await signals.vitalsP75(metric, since, now);
  // Signals are per route template; a rule naming one page (`/contacts/42`) watches its template.
  const wanted = rule.route ? routeTemplate(rule.route) : undefined;
  return routes
    .filter((route) => (!wanted || route.route === wanted) && route.count >= minCount && route.p75 > threshold)
    .map((route) => ({
      key: `${metric} ${route.route}`,
      value: route.p75,
      summary: `${metric} p75 on ${route.route || '(no path)'} is ${round(route.p75)} over ${threshold} (${route.count} samples in ${minutes} min)`,
      page: `vitals?metric=${metric}`,
    }));
}

/** NPS in this window against the window before it, when both have enough answers. */
async function npsCondition(signals: AlertSignals, window: ConditionWindow): Promise<Firing[]> {
  const { since, now, windowMs, threshold, minCount } = window;
  const [current, previous] = await Promise.all([signals.nps(since, now), signals.nps(since - windowMs, since)]);
  if (
    current.score === null ||
    previous.score === null ||
    current.responses < minCount ||
    previous.responses < minCount
  )
    return [];
  const drop = previous.score - current.score;
  if (drop <= threshold) return [];
  return [
    {
      key: 'nps',
      value: current.score,
      summary: `NPS fell ${round(drop)} points: ${current.score} now vs ${previous.score} the period before (${current.responses} answers)`,
      page: 'feedback',
    },
  ];
}

/** Experiments whose units per variation are off their weights (sample ratio mismatch), once enough units are in. */
async function srmCondition(
  signals: AlertSignals,
  { since, now, threshold, minCount }: ConditionWindow,
): Promise<Firing[]> {
  const experiments = await signals.experimentExposures(since, now);
  return experiments.flatMap((experiment) => {
    const total = experiment.observed.reduce((sum, value) => sum + value, 0);
    if (total < minCount) return [];
    const check = sampleRatioMismatch(experiment.observed, experiment.weights, threshold);
    if (!check.mismatch) return [];
    return [
      {
        key: experiment.experiment,
        value: check.pValue,
        summary: `Sample ratio mismatch in ${experiment.experiment}: ${experiment.observed.join(' / ')} units for weights ${experiment.weights.join(' / ')} (p = ${check.pValue.toExponential(2)})`,
        page: `experiments?experiment=${encodeURIComponent(experiment.experiment)}`,
      },
    ];
  });
}

/** Conditions on the sampled metrics (all replicas): widget drops, ingest 5xx/429 share, health score. */
async function metricCondition(
  rule: AlertRule,
  signals: AlertSignals,
  since: number,
  now: number,
  threshold: number,
): Promise<Firing[]> {
  const minutes = (now - since) / MINUTE;
  if (rule.kind === 'client.drops') {
    const rate = await signals.metricAverage('client_dropped_per_minute', since, now);
    return rate !== undefined && rate > threshold
      ? [
          {
            key: 'client',
            value: rate,
            summary: `Widgets dropped ${round(rate)} events/min over ${minutes} min (threshold ${threshold})`,
            page: 'infrastructure',
          },
        ]
      : [];
  }
  if (rule.kind === 'ingest.errors') {
    const which = rule.metric === '429' ? '429' : '5xx';
    const [failed, requests] = await Promise.all([
      signals.metricAverage(`ingest_${which}_per_second`, since, now),
      signals.metricAverage('ingest_requests_per_second', since, now),
    ]);
    if (!requests || failed === undefined) return [];
    const share = failed / requests;
    return share > threshold
      ? [
          {
            key: which,
            value: share,
            summary: `${round(share * 100)}% of ingest requests answered ${which} over ${minutes} min (threshold ${round(threshold * 100)}%)`,
            page: 'infrastructure',
          },
        ]
      : [];
  }
  const score = await signals.metricAverage('health_score', since, now);
  return score !== undefined && score < threshold
    ? [
        {
          key: 'health',
          value: score,
          summary: `Health score ${round(score)} under ${threshold} over ${minutes} min`,
          page: 'infrastructure',
        },
      ]
    : [];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
