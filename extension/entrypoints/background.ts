import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { handleBackgroundRequest } from '../lib/background-requests.ts';
import { syncContentScripts } from '../lib/crm-origins.ts';
import type { BackgroundRequest } from '../lib/messages.ts';

export default defineBackground(() => {
  // Chrome: the toolbar button opens the popup; the popup can open the side panel. Firefox has its sidebar instead.
  const sidePanel = (
    browser as unknown as {
      sidePanel?: { setPanelBehavior(options: { openPanelOnActionClick: boolean }): Promise<void> };
    }
  ).sidePanel;
  sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);
  browser.runtime.onMessage.addListener((request: BackgroundRequest, sender) =>
    handleBackgroundRequest(request, sender, browser, fetch),
  );
  // The content script follows the granted CRM origins: at start, and whenever a grant is added or withdrawn.
  const sync = () =>
    void syncContentScripts(browser).catch((error: unknown) =>
      console.warn('[crm-insights] could not register the content script', error),
    );
  browser.runtime.onInstalled.addListener(sync);
  browser.runtime.onStartup.addListener(sync);
  browser.permissions.onAdded.addListener(sync);
  browser.permissions.onRemoved.addListener(sync);
});
