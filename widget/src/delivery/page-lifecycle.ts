/** What delivery does at each page-lifecycle moment (https://developer.chrome.com/docs/web-platform/page-lifecycle-api). */
export interface PageLifecycleHandlers {
  /** The page was hidden (tab switch, minimise, and the first step of most exits on mobile). */
  hidden(): void;
  /** The page is visible again. */
  visible(): void;
  /** The page is going away (`persisted`: into the back/forward cache, so it may come back). */
  leaving(persisted: boolean): void;
  /** The page came back from the back/forward cache. */
  restored(): void;
  /** The browser froze the page; it may be discarded without another event. */
  frozen(): void;
  /** The browser is back online. */
  online(): void;
}

/** The window and document the listeners go on. */
export interface PageLifecycleTarget {
  window: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  document: Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;
}

/**
 * Listens to the page's lifecycle and calls the matching handler; returns a function that removes every listener.
 * Adding or removing a listener never throws into the caller; the handlers must not throw (delivery's do not).
 */
export function watchPageLifecycle(target: PageLifecycleTarget, handlers: PageLifecycleHandlers): () => void {
  const persisted = (event: Event) => (event as PageTransitionEvent).persisted === true;
  const onVisibility = () => (target.document.visibilityState === 'hidden' ? handlers.hidden() : handlers.visible());
  const listeners = [
    [target.window, 'online', () => handlers.online()],
    [target.document, 'visibilitychange', onVisibility],
    [target.window, 'pagehide', (event: Event) => handlers.leaving(persisted(event))],
    [target.window, 'pageshow', (event: Event) => persisted(event) && handlers.restored()],
    [target.document, 'freeze', () => handlers.frozen()],
  ] as const;
  const each = (method: 'addEventListener' | 'removeEventListener') => {
    for (const [on, type, listener] of listeners) {
      try {
        on[method](type, listener);
      } catch {
        // A page that broke addEventListener must not break us; the other listeners still count.
      }
    }
  };
  each('addEventListener');
  return () => each('removeEventListener');
}
