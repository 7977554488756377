import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { handleBackgroundRequest } from '../lib/background-requests.ts';
import { syncContentScripts } from '../lib/crm-origins.ts';
import type { BackgroundRequest } from '../lib/messages.ts';
import { announceOverrideChanges } from '../lib/page-overrides.ts';
import { lockStorageToTrustedContexts } from '../lib/storage-access.ts';
import { overridesItem } from '../lib/storage-items.ts';

export default defineBackground(() => {
  // First of all: storage (the staff credential) is for the extension's own pages and this worker only.
  const storageLocked = lockStorageToTrustedContexts(browser).then((unlocked) => {
    if (unlocked.length) console.warn('[crm-insights] content scripts can still read extension storage:', unlocked);
  });
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
  // Content scripts cannot watch storage themselves: the pages of an origin whose overrides changed are told here.
  overridesItem.watch((next, previous) => void announceOverrideChanges(browser, next, previous));
  // The content script follows the granted CRM origins: at start, and whenever a grant is added or withdrawn; never
  // before storage is locked.
  const sync = () =>
    void storageLocked
      .then(() => syncContentScripts(browser))
      .catch((error: unknown) => console.warn('[crm-insights] could not register the content script', error));
  browser.runtime.onInstalled.addListener(sync);
  browser.runtime.onStartup.addListener(sync);
  browser.permissions.onAdded.addListener(sync);
  browser.permissions.onRemoved.addListener(sync);
});
