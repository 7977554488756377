import { onCLS, onFCP, onINP, onLCP, onTTFB } from 'web-vitals';
import type { Metric } from 'web-vitals';

/** A vital's latest value and its rating against web-vitals' thresholds. */
interface LiveVital {
  value: number;
  rating: Metric['rating'];
}

/** The page's vitals so far, by name (`LCP`, `FCP`, `TTFB`, `CLS`, `INP`); a metric is absent until it has a value. */
export type LiveVitals = Partial<Record<Metric['name'], LiveVital>>;

let current: LiveVitals = {};
const listeners = new Set<(vitals: LiveVitals) => void>();
let observing = false;

/**
 * Subscribes to the page's vitals as they change (web-vitals with `reportAllChanges`, from buffered entries, so a
 * component mounted late still gets the load's FCP, LCP and TTFB). The observers start on the first subscription,
 * never at import, so server rendering never touches the browser's globals.
 */
export function subscribeVitals(listener: (vitals: LiveVitals) => void): () => void {
  listeners.add(listener);
  if (!observing) {
    observing = true;
    const update = (metric: Metric) => {
      current = { ...current, [metric.name]: { value: metric.value, rating: metric.rating } };
      for (const each of [...listeners]) each(current);
    };
    const options = { reportAllChanges: true };
    for (const observe of [onCLS, onFCP, onINP, onLCP, onTTFB]) observe(update, options);
  }
  listener(current);
  return () => void listeners.delete(listener);
}
