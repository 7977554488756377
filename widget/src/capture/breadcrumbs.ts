import type { Breadcrumb } from '../../../shared/events.ts';

/** How many breadcrumbs an error carries: the last 50, as Sentry's default. */
const BREADCRUMB_LIMIT = 50;

/** A ring of the most recent breadcrumbs (clicks, navigations, requests, console warnings and errors). */
export interface Breadcrumbs {
  add(category: Breadcrumb['category'], message: string, data?: Breadcrumb['data']): void;
  list(): Breadcrumb[];
}

/** Makes an empty ring of at most `limit` breadcrumbs. */
export function createBreadcrumbs(now: () => number = Date.now, limit = BREADCRUMB_LIMIT): Breadcrumbs {
  const ring: Breadcrumb[] = [];
  return {
    add(category, message, data) {
      ring.push(
        data
          ? { ts: now(), category, message: message.slice(0, 500), data }
          : { ts: now(), category, message: message.slice(0, 500) },
      );
      if (ring.length > limit) ring.shift();
    },
    list: () => ring.slice(),
  };
}
