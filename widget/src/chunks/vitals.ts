// The per-metric modules, not the single-file `web-vitals/attribution`: the build swaps their id module
// (scripts/web-vitals-id.mjs).
import { onCLS } from 'web-vitals/attribution/onCLS.js';
import { onFCP } from 'web-vitals/attribution/onFCP.js';
import { onINP } from 'web-vitals/attribution/onINP.js';
import { onLCP } from 'web-vitals/attribution/onLCP.js';
import { onTTFB } from 'web-vitals/attribution/onTTFB.js';
import type {
  CLSMetricWithAttribution,
  INPMetricWithAttribution,
  LCPMetricWithAttribution,
  MetricWithAttribution,
  TTFBMetricWithAttribution,
} from 'web-vitals/attribution';
import type { VitalName, VitalProps } from '../../../shared/events.ts';

export { observePerformance } from '../capture/performance-observers.ts';

/**
 * The Core Web Vitals chunk: web-vitals' attribution build (about 1.5 KB more than the plain one) is loaded on
 * demand so every page does not pay for it. web-vitals reads buffered performance entries, so loading it after
 * the core still sees the page from its start. Each metric is reported again as its value changes
 * (`reportAllChanges`) under the same metric id, which the server upserts by.
 */
export function observeVitals(report: (name: VitalName, props: VitalProps) => void): void {
  const send = (metric: MetricWithAttribution, attribution: VitalProps['attribution']) => {
    const props: VitalProps = {
      id: metric.id,
      value: metric.value,
      delta: metric.delta,
      rating: metric.rating,
      navigationType: metric.navigationType,
    };
    const defined =
      attribution &&
      Object.fromEntries(Object.entries(attribution).filter(([, value]) => value !== undefined && value !== ''));
    if (defined && Object.keys(defined).length) props.attribution = defined;
    report(metric.name as VitalName, props);
  };
  const options = { reportAllChanges: true };
  onLCP((metric) => send(metric, lcpAttribution(metric)), options);
  // 16 ms is the lowest threshold Event Timing allows: with web-vitals' default of 40 ms, a page whose
  // interactions are all fast reports the first input's duration instead of its slowest interaction.
  onINP((metric) => send(metric, inpAttribution(metric)), { ...options, durationThreshold: 16 });
  onCLS((metric) => send(metric, clsAttribution(metric)), options);
  onFCP((metric) => send(metric, { loadState: metric.attribution.loadState }), options);
  onTTFB((metric) => send(metric, ttfbAttribution(metric)), options);
}

/** LCP: the element, its resource's URL, and how long it waited to render after loading. */
function lcpAttribution({ attribution }: LCPMetricWithAttribution): VitalProps['attribution'] {
  return { element: attribution.target, url: attribution.url, renderDelay: round(attribution.elementRenderDelay) };
}

/** INP: the interaction's target and type, its three phases, and the script and frame that made it slow. */
function inpAttribution({ attribution }: INPMetricWithAttribution): VitalProps['attribution'] {
  const script = attribution.longestScript?.entry;
  return {
    target: attribution.interactionTarget,
    type: attribution.interactionType,
    inputDelay: round(attribution.inputDelay),
    processingDuration: round(attribution.processingDuration),
    presentationDelay: round(attribution.presentationDelay),
    script: script
      ? `${script.sourceURL || ''} ${script.sourceFunctionName || script.invoker || ''}`.trim()
      : undefined,
    scriptSubpart: attribution.longestScript?.subpart,
    loafDuration: attribution.longAnimationFrameEntries.length
      ? round(Math.max(...attribution.longAnimationFrameEntries.map((entry) => entry.duration)))
      : undefined,
  };
}

/** CLS: the element that shifted most in the largest shift, and that shift's value. */
function clsAttribution({ attribution }: CLSMetricWithAttribution): VitalProps['attribution'] {
  return { source: attribution.largestShiftTarget, largestShiftValue: attribution.largestShiftValue };
}

/** TTFB: the DNS, connection and request parts of the time to first byte. */
function ttfbAttribution({ attribution }: TTFBMetricWithAttribution): VitalProps['attribution'] {
  return {
    dns: round(attribution.dnsDuration),
    connection: round(attribution.connectionDuration),
    request: round(attribution.requestDuration),
  };
}

function round(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.round(value);
}
