import { loadChunk } from '../load-chunk.ts';
import type { Client, Collector } from '../types.ts';

/**
 * Page load timing, long animation frames and memory as `resource` events. The observers live in the on-demand
 * `vitals` chunk with web-vitals: both read buffered entries, so loading them after the core loses nothing.
 */
export function performanceCollector(
  warn: (message: string, detail?: unknown) => void,
  target: Window = window,
  load = () => loadChunk<typeof import('../chunks/vitals.ts')>('vitals'),
): Collector {
  let stop: (() => void) | undefined;
  let stopped = false;
  return {
    name: 'performance',
    start(client: Client) {
      load().then(
        (chunk) => {
          if (!stopped) stop = chunk.observePerformance(client, target);
        },
        (error: unknown) => warn('page timing is off: the vitals chunk did not load', error),
      );
    },
    stop() {
      stopped = true;
      stop?.();
    },
  };
}
