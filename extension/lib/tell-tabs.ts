import type { WxtBrowser } from 'wxt/browser';
import type { ContentRequest } from './messages.ts';

/**
 * Sends `message` to the content script of every tab, or only of the tabs whose page is on an origin `only` accepts.
 * A tab's address is readable only where the extension has host access, which is where the content script runs.
 * Tabs without the content script just refuse the message.
 */
export async function tellTabs(
  api: WxtBrowser,
  message: ContentRequest,
  only: (origin: string) => boolean = () => true,
): Promise<void> {
  const tabs = await api.tabs.query({}).catch(() => []);
  for (const tab of tabs)
    if (tab.id !== undefined && only(originOf(tab.url))) api.tabs.sendMessage(tab.id, message).catch(() => undefined);
}

/** The origin of a tab's address, or '' when the address is not readable or not a URL. */
function originOf(url: string | undefined): string {
  try {
    return url ? new URL(url).origin : '';
  } catch {
    return '';
  }
}
