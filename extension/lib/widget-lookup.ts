import type { WxtBrowser } from 'wxt/browser';
import type { ExtensionRequest, WidgetLookup } from './messages.ts';

/** Asks the content script in `tabId` for the widget's state, explaining what is missing when it cannot. */
export async function lookupWidget(api: WxtBrowser, tabId: number | undefined): Promise<WidgetLookup> {
  if (tabId === undefined) return { found: false, reason: 'No tab to inspect.' };
  try {
    const request: ExtensionRequest = { type: 'get-widget-state' };
    const answer = (await api.tabs.sendMessage(tabId, request)) as WidgetLookup | undefined;
    return answer ?? { found: false, reason: 'The page did not answer.' };
  } catch {
    return {
      found: false,
      reason: 'This page is not one of the configured CRM origins, or it was opened before the extension was installed (reload it).',
    };
  }
}
