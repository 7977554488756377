import type { WxtBrowser } from 'wxt/browser';

/**
 * The tab a panel inspects: `?tabId=N` when the panel was opened for a specific tab (pinned or popped out),
 * otherwise the active tab of the window the panel belongs to.
 */
export async function targetTabId(api: WxtBrowser, search: string = location.search): Promise<number | undefined> {
  const pinned = Number(new URLSearchParams(search).get('tabId'));
  if (Number.isInteger(pinned) && pinned > 0) return pinned;
  const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id;
}
