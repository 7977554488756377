import type { ChunkMap } from '../load-chunk.ts';
import type { CapturePlugin } from '../types.ts';

/**
 * Page load timing, long animation frames and memory as `resource` events. The observers live in the on-demand
 * `vitals` chunk with web-vitals: both read buffered entries, so loading them after the core loses nothing.
 */
export function performanceCollector(
  chunk: () => Promise<ChunkMap['vitals'] | undefined>,
  target: Window = window,
): CapturePlugin {
  return {
    name: 'performance',
    setup(client) {
      let stop: (() => void) | undefined;
      let stopped = false;
      void chunk().then((loaded) => {
        if (loaded && !stopped) stop = loaded.observePerformance(client, target);
      });
      return () => {
        stopped = true;
        stop?.();
      };
    },
  };
}
