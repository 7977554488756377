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
