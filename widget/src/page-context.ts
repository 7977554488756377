import type { Page } from '../../shared/protocol.ts';

/** The page an event happened on, read at capture time. */
export function currentPage(location: Location = window.location, document: Document = window.document): Page {
  return {
    url: location.href,
    path: location.pathname,
    title: document.title || undefined,
    referrer: document.referrer || undefined,
  };
}

/** The Navigation API's part this reads; missing in browsers without it. */
interface NavigationEvents {
  addEventListener(type: 'currententrychange', listener: () => void): void;
}

/**
 * Makes a reader of the current page for the event pipeline: the same `Page` object while URL and title stay the
 * same. `location.href` and `pathname` cost microseconds per read in Chromium, more than the rest of an event's
 * enrichment, so where the Navigation API fires `currententrychange` (synchronously, on every same-document URL
 * change: pushState, replaceState, fragments, traversal; see
 * https://html.spec.whatwg.org/multipage/nav-history-apis.html#navigation-api-core) the location is read again only
 * after one. Elsewhere it is read on every call. The title is read every time (cheap, and pages change it).
 */
export function pageReader(window: Window, document: Document): () => Page {
  const navigation = (window as { navigation?: NavigationEvents }).navigation;
  let moved = true;
  let watched = false;
  let last: Page | undefined;
  try {
    navigation?.addEventListener('currententrychange', () => (moved = true));
    watched = !!navigation;
  } catch {
    // No events: read on every call.
  }
  return () => {
    const title = document.title || undefined;
    if (last && !moved && watched && last.title === title) return last;
    const page = currentPage(window.location, document);
    moved = false;
    if (last && page.url === last.url && page.title === last.title) return last;
    last = page;
    return page;
  };
}
