import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { handleBackgroundRequest } from '../lib/background-requests.ts';
import { handleBugReportRequest } from '../lib/bug-report-background.ts';
import type { BugReportRequest } from '../lib/bug-report-messages.ts';
import type { BackgroundRequest } from '../lib/messages.ts';

export default defineBackground(() => {
  // Chrome: the toolbar button opens the popup; the popup can open the side panel. Firefox has no sidePanel API.
  const sidePanel = (browser as unknown as { sidePanel?: { setPanelBehavior(options: { openPanelOnActionClick: boolean }): Promise<void> } }).sidePanel;
  sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);
  browser.runtime.onMessage.addListener((request: BackgroundRequest, sender) => handleBackgroundRequest(request, sender, browser, fetch));
  browser.runtime.onMessage.addListener((request: BugReportRequest, sender) => handleBugReportRequest(request, sender, browser, fetch));
});
