import { useEffect, useState } from 'preact/hooks';

/** Where the dashboard is: the page (first path segment under /dashboard/), the rest of the path, the query. */
export interface DashboardLocation {
  page: string;
  rest: string[];
  params: URLSearchParams;
}

export const BASE = '/dashboard/';
const CHANGE = 'dashboard:navigate';

/** Parses a URL of the dashboard into its location. */
function parseLocation(url: URL): DashboardLocation {
  const parts = url.pathname.slice(BASE.length).split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] ?? 'overview', rest: parts.slice(1), params: url.searchParams };
}

/** Goes to a dashboard URL without reloading (pushes history, so Back works and the URL can be shared). */
export function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.dispatchEvent(new Event(CHANGE));
}

/** The current URL with some query parameters changed (undefined or '' removes one). */
export function withParams(updates: Record<string, string | undefined>, base: URL = new URL(location.href)): string {
  const url = new URL(base.href);
  for (const [name, value] of Object.entries(updates)) {
    if (value === undefined || value === '') url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return `${url.pathname}${url.search}`;
}

/** A link to a page of the dashboard that keeps the chosen time range. */
export function pageHref(path: string, extra: Record<string, string> = {}): string {
  const current = new URL(location.href).searchParams;
  const query = new URLSearchParams();
  for (const name of ['range', 'since', 'until']) {
    const value = current.get(name);
    if (value) query.set(name, value);
  }
  for (const [name, value] of Object.entries(extra)) query.set(name, value);
  const text = query.toString();
  return `${BASE}${path}${text ? `?${text}` : ''}`;
}

/** The dashboard's location, re-rendering on Back/Forward and on `navigate`. */
export function useLocation(): DashboardLocation {
  const [url, setUrl] = useState(() => new URL(location.href));
  useEffect(() => {
    const update = () => setUrl(new URL(location.href));
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGE, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGE, update);
    };
  }, []);
  return parseLocation(url);
}
