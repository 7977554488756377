import type { Props } from '../../../shared/protocol.ts';
import type { UserTraits } from '../../../shared/tracking-plan/user-properties.ts';
import { TIMING_PREFIX } from '../../../shared/timing.ts';
import type { TimingKind } from '../../../shared/timing.ts';
import type { ClientState, Framework } from './framework.ts';

/**
 * `useAnalytics()` (track, trackConversion, identify, page, revenue) and `usePerformanceTracking(name)`. Calls made
 * before the client is ready are dropped, as the script tag's own loader stub would queue them only if it existed;
 * the provider re-renders once it is.
 */
export function createAnalyticsBindings(framework: Framework, useClientState: () => ClientState) {
  const { useEffect, useRef } = framework;
  const useAnalytics = () => {
    const { client } = useClientState();
    return {
      track: (name: string, props?: Props) => client?.track(name, props),
      /** A conversion: the event, marked `$conversion` so dashboards can tell goals from other events. */
      trackConversion: (name: string, props: Props = {}) => client?.track(name, { ...props, $conversion: true }),
      identify: (userId: string, traits?: UserTraits) => client?.identify?.(userId, traits),
      page: (props?: Props) => client?.page?.(props),
      revenue: (amount: number, currency: string, props?: Props) => client?.revenue?.(amount, currency, props),
    };
  };

  /**
   * Times a component as User Timing measures named `crm-insights:<name>`: its first render to its first commit
   * (kind `render`), and any span between `start(label)` and `end(label)` (kind `interaction`). The widget's vitals
   * chunk reports each measure as a `resource` event named `timing`, also measures made before it loaded.
   */
  const usePerformanceTracking = (name: string, options: { render?: boolean } = {}) => {
    const started = useRef(undefined as number | undefined);
    if (started.current === undefined && typeof performance !== 'undefined') started.current = performance.now();
    useEffect(() => {
      if (options.render !== false && started.current !== undefined) measure(name, 'render', started.current);
    }, []);
    const spans = useRef(new Map<string, number>());
    return {
      start: (label = 'interaction') => void spans.current.set(label, performance.now()),
      end: (label = 'interaction') => {
        const from = spans.current.get(label);
        if (from === undefined) return;
        spans.current.delete(label);
        measure(label === 'interaction' ? name : `${name}:${label}`, 'interaction', from);
      },
    };
  };
  return { useAnalytics, usePerformanceTracking };
}

function measure(name: string, kind: TimingKind, start: number): void {
  try {
    performance.measure(`${TIMING_PREFIX}${name}`, { start, end: performance.now(), detail: { kind } });
  } catch {
    // An old browser without User Timing Level 3 options: the timing is skipped, never the app.
  }
}
