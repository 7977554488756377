import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';

export default defineBackground(() => {
  // Chrome: the toolbar button opens the popup; the popup can open the side panel. Firefox has no sidePanel API.
  const sidePanel = (browser as unknown as { sidePanel?: { setPanelBehavior(options: { openPanelOnActionClick: boolean }): Promise<void> } }).sidePanel;
  sidePanel?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);
});
