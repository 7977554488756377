import type { Props } from '../../../shared/protocol.ts';
import { loadChunk } from '../load-chunk.ts';
import type { Client, Collector } from '../types.ts';

/**
 * Core Web Vitals (LCP, INP, CLS, FCP, TTFB; INP replaced FID in March 2024) as `vital` events, with ratings by
 * the official thresholds and attribution (LCP element, INP target and script, largest CLS source). The
 * measuring code is the `vitals` chunk, loaded on demand to keep the core small.
 */
export function vitalsCollector(
  warn: (message: string, detail?: unknown) => void,
  load = () => loadChunk<typeof import('../chunks/vitals.ts')>('vitals'),
): Collector {
  let stopped = false;
  return {
    name: 'vitals',
    start(client: Client) {
      load().then(
        (chunk) =>
          chunk.observeVitals((name, props) => {
            // web-vitals keeps its observers; after stop we only stop sending what they report.
            if (!stopped) client.capture({ type: 'vital', name, props: props as unknown as Props });
          }),
        (error: unknown) => warn('web vitals are off: the vitals chunk did not load', error),
      );
    },
    stop() {
      stopped = true;
    },
  };
}
