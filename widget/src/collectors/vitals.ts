import type { ChunkMap } from '../load-chunk.ts';
import type { CapturePlugin } from '../types.ts';

/**
 * Core Web Vitals (LCP, INP, CLS, FCP, TTFB; INP replaced FID in March 2024) as `vital` events, with ratings by
 * the official thresholds and attribution (LCP element, INP target and script, largest CLS source). The
 * measuring code is the `vitals` chunk, loaded on demand to keep the core small.
 */
export function vitalsCollector(chunk: () => Promise<ChunkMap['vitals'] | undefined>): CapturePlugin {
  return {
    name: 'vitals',
    setup(client) {
      let stopped = false;
      void chunk().then((loaded) =>
        loaded?.observeVitals((name, props) => {
          // web-vitals keeps its observers; after teardown we only stop sending what they report.
          if (!stopped) client.capture({ type: 'vital', name, props });
        }),
      );
      return () => {
        stopped = true;
      };
    },
  };
}
