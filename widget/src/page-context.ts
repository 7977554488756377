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

/**
 * Makes a reader of the current page for the event pipeline. `location.href` and `pathname` cost microseconds per
 * read in Chromium, more than the rest of an event's enrichment, so where the Navigation API fires
 * `currententrychange` (synchronously, on every same-document URL change: pushState, replaceState, fragments,
 * traversal; https://html.spec.whatwg.org/multipage/nav-history-apis.html#navigation-api-core) the location is read
 * again only after one, and the reader hands back the same `Page` object meanwhile. Elsewhere it is read on every call.
 * The title is read every time (cheap, and pages change it).
 */
export function pageReader(window: Window, document: Document): () => Page {
  const navigation = (window as { navigation?: Pick<EventTarget, 'addEventListener'> }).navigation;
  let last: Page | undefined;
  navigation?.addEventListener('currententrychange', () => {
    last = undefined;
  });
  return () => {
    if (!navigation || last?.title !== (document.title || undefined)) last = undefined;
    last ??= currentPage(window.location, document);
    return last;
  };
}
