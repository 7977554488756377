// The per-metric modules, not the single-file `web-vitals/attribution`: the build swaps their id module
// (scripts/web-vitals-id.mjs).
import { onCLS } from 'web-vitals/attribution/onCLS.js';
import { onFCP } from 'web-vitals/attribution/onFCP.js';
import { onINP } from 'web-vitals/attribution/onINP.js';
import { onLCP } from 'web-vitals/attribution/onLCP.js';
import { onTTFB } from 'web-vitals/attribution/onTTFB.js';
import type {
  CLSMetricWithAttribution,
  FCPMetricWithAttribution,
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
  onLCP(
    (metric: LCPMetricWithAttribution) =>
      send(metric, {
        element: metric.attribution.target,
        url: metric.attribution.url,
        renderDelay: round(metric.attribution.elementRenderDelay),
      }),
    options,
  );
  onINP(
    (metric: INPMetricWithAttribution) => {
      const { attribution } = metric;
      const script = attribution.longestScript?.entry;
      send(metric, {
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
      });
      // 16 ms is the lowest threshold Event Timing allows: with web-vitals' default of 40 ms, a page whose
      // interactions are all fast reports the first input's duration instead of its slowest interaction.
    },
    { ...options, durationThreshold: 16 },
  );
  onCLS(
    (metric: CLSMetricWithAttribution) =>
      send(metric, {
        source: metric.attribution.largestShiftTarget,
        largestShiftValue: metric.attribution.largestShiftValue,
      }),
    options,
  );
  onFCP((metric: FCPMetricWithAttribution) => send(metric, { loadState: metric.attribution.loadState }), options);
  onTTFB(
    (metric: TTFBMetricWithAttribution) =>
      send(metric, {
        dns: round(metric.attribution.dnsDuration),
        connection: round(metric.attribution.connectionDuration),
        request: round(metric.attribution.requestDuration),
      }),
    options,
  );
}

function round(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.round(value);
}
