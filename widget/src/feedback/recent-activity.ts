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

const LIMITS = { errors: 20, failedRequests: 20, breadcrumbs: 50 };

/**
 * Keeps, from every event the client captures, the recent ones a bug report needs: errors, failed API calls,
 * the user's last steps (tracked events and page views), the latest value of each vital and of each flag
 * exposure. Rings are small and bounded, so this costs nothing on a long-lived page.
 */
export function watchRecentActivity(onCapture: (listener: (event: InsightEvent) => void) => () => void): { snapshot(): RecentActivity; stop(): void } {
  const errors: Json[] = [];
  const failedRequests: Json[] = [];
  const breadcrumbs: Json[] = [];
  const vitals = new Map<string, Json>();
  const flags: Json = {};
  const push = (ring: Json[], item: Json, limit: number) => {
    ring.push(item);
    if (ring.length > limit) ring.shift();
  };
  const stop = onCapture((event) => {
    const props = event.props ?? {};
    const base = { ts: event.ts, ...(event.name ? { name: event.name } : {}), ...(event.page ? { path: event.page.path } : {}) };
    switch (event.type) {
      case 'error':
        push(errors, { ...base, ...props }, LIMITS.errors);
        break;
      case 'api':
        if (props.ok === false || (typeof props.status === 'number' && (props.status >= 400 || props.status === 0)) || props.error !== undefined) push(failedRequests, { ...base, ...props }, LIMITS.failedRequests);
        break;
      case 'track':
      case 'page':
        push(breadcrumbs, { ...base, type: event.type }, LIMITS.breadcrumbs);
        break;
      case 'vital':
        vitals.set(event.name ?? String(props.name), { ...base, ...props });
        break;
      case 'exposure': {
        const key = props.flag ?? props.experiment ?? event.name;
        if (typeof key === 'string') flags[key] = props.value ?? props.variation ?? props.variationKey ?? null;
        break;
      }
    }
  });
  return {
    snapshot: () => ({ errors: [...errors], failedRequests: [...failedRequests], breadcrumbs: [...breadcrumbs], vitals: [...vitals.values()], flags: { ...flags } }),
    stop,
  };
}
