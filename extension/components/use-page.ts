import { useEffect, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import type { ContentRequest, PageSnapshot, PageUpdate, PageUpdateMessage } from '../lib/messages.ts';
import { LIVE_EVENTS_KEPT } from '../lib/widget-channel.ts';

/** The inspected page as the panel knows it: the snapshot, or why there is none yet. */
export type PageView = { found: true; page: PageSnapshot } | { found: false; reason: string } | undefined;

const RETRY_MS = 2000;

/** Applies one pushed change to a snapshot (pure). */
export function applyUpdate(page: PageSnapshot, update: PageUpdate): PageSnapshot {
  switch (update.part) {
    case 'state':
      return { ...page, state: update.state };
    case 'flags':
      return { ...page, flags: update.flags, taken: false };
    case 'taken':
      return { ...page, taken: true };
    case 'override-error':
      return { ...page, overrideError: update.error };
    case 'event':
    case 'history': {
      const added = update.part === 'event' ? [update.event] : update.events;
      const seen = new Set(page.events.map((event) => event.id));
      const events = [...page.events, ...added.filter((event) => !seen.has(event.id))].sort((a, b) => a.ts - b.ts);
      return { ...page, events: events.slice(-LIVE_EVENTS_KEPT) };
    }
  }
}

/**
 * The one data hook of the panel: asks the content script of `tabId` for its snapshot (again every 2 s until it
 * answers, and after each navigation), then applies the changes it pushes, which carry their data.
 */
export function usePage(api: WxtBrowser, tabId: number | undefined): PageView {
  const [view, setView] = useState<PageView>();
  useEffect(() => {
    if (tabId === undefined) return undefined;
    let alive = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      clearTimeout(retry);
      const request: ContentRequest = { type: 'get-page' };
      api.tabs.sendMessage(tabId, request).then(
        (answer) => {
          if (!alive) return;
          if (answer) setView({ found: true, page: answer as PageSnapshot });
          else retry = setTimeout(load, RETRY_MS);
        },
        () => {
          if (!alive) return;
          setView({
            found: false,
            reason:
              'crm-insights is not active on this page: add its site under Settings → CRM sites (or reload a page opened before the extension was installed).',
          });
          retry = setTimeout(load, RETRY_MS);
        },
      );
    };
    const onMessage = (message: PageUpdateMessage, sender: { tab?: { id?: number } }) => {
      if (message?.type !== 'page-update' || sender.tab?.id !== tabId) return;
      setView((current) =>
        current?.found ? { found: true, page: applyUpdate(current.page, message.update) } : current,
      );
    };
    const onNavigate = (changedId: number, change: { status?: string }) => {
      if (changedId !== tabId || change.status !== 'complete') return;
      setView(undefined);
      load();
    };
    load();
    api.runtime.onMessage.addListener(onMessage);
    api.tabs.onUpdated.addListener(onNavigate);
    return () => {
      alive = false;
      clearTimeout(retry);
      api.runtime.onMessage.removeListener(onMessage);
      api.tabs.onUpdated.removeListener(onNavigate);
    };
  }, [api, tabId]);
  return view;
}
