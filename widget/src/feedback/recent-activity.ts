import type { InsightEvent } from '../../../shared/protocol.ts';

type Json = NonNullable<InsightEvent['props']>;

/** What a bug report attaches from the page's recent history. */
export interface RecentActivity {
  errors: Json[];
  failedRequests: Json[];
  breadcrumbs: Json[];
  vitals: Json[];
  flags: Json;
}

/** The page's recent events, kept by the core from the first one on. */
export interface RecentEvents {
  /** Captured so far (vitals first, then the rest), oldest first; copies of the rings, not live views. */
  events(): InsightEvent[];
  stop(): void;
}

/** Events kept per ring: vitals, and everything else. */
const RECENT_EVENTS_KEPT = 300;

/**
 * Keeps every event the client captures in a bounded ring, with vitals in a ring of their own so a busy page does
 * not push the page-load TTFB, FCP and LCP out. A bug report summarises it (`summarizeActivity`) and the extension's
 * Live tab receives it on connect. The core does only this; the summary lives in the chunks that need it.
 */
export function watchRecentActivity(onCapture: (listener: (event: InsightEvent) => void) => () => void): RecentEvents {
  const vitals: InsightEvent[] = [];
  const rest: InsightEvent[] = [];
  const stop = onCapture((event) => {
    const ring = event.type === 'vital' ? vitals : rest;
    if (ring.push(event) > RECENT_EVENTS_KEPT) ring.shift();
  });
  return { events: () => [...vitals, ...rest], stop };
}

const LIMITS = { errors: 20, failedRequests: 20, breadcrumbs: 50 };

/** Whether an API call failed (an error status, a network failure, or an error the collector saw). */
function failed(props: Json): boolean {
  return (
    props.ok === false ||
    (typeof props.status === 'number' && (props.status >= 400 || props.status === 0)) ||
    props.error !== undefined
  );
}

/**
 * What a bug report needs from the recent events: the last errors, failed API calls and user steps (tracked
 * events and page views), the latest value of each vital and of each flag exposure.
 */
export function summarizeActivity(events: readonly InsightEvent[]): RecentActivity {
  const summary: RecentActivity = { errors: [], failedRequests: [], breadcrumbs: [], vitals: [], flags: {} };
  const vitals = new Map<string, Json>();
  for (const event of [...events].sort((a, b) => a.ts - b.ts)) {
    const props = event.props ?? {};
    const base = {
      ts: event.ts,
      ...(event.name ? { name: event.name } : {}),
      ...(event.page ? { path: event.page.path } : {}),
    };
    if (event.type === 'error') summary.errors.push({ ...base, ...props });
    else if (event.type === 'api' && failed(props)) summary.failedRequests.push({ ...base, ...props });
    else if (event.type === 'track' || event.type === 'page') summary.breadcrumbs.push({ ...base, type: event.type });
    else if (event.type === 'vital') vitals.set(event.name ?? String(props.name), { ...base, ...props });
    else if (event.type === 'exposure') {
      const key = props.flag ?? props.experiment ?? event.name;
      if (typeof key === 'string') summary.flags[key] = props.value ?? props.variation ?? props.variationKey ?? null;
    }
  }
  summary.errors = summary.errors.slice(-LIMITS.errors);
  summary.failedRequests = summary.failedRequests.slice(-LIMITS.failedRequests);
  summary.breadcrumbs = summary.breadcrumbs.slice(-LIMITS.breadcrumbs);
  summary.vitals = [...vitals.values()];
  return summary;
}
