import type { ComponentType } from 'preact';
import type { WxtBrowser } from 'wxt/browser';
import { BugReportTab } from './bug-report-tab.tsx';
import { FlagsTab } from './flags-tab.tsx';
import { LiveTab } from './live-tab.tsx';
import { SettingsTab } from './settings-tab.tsx';

/** One tab of the panel: add an entry here to add a tab (Settings stays last). */
export interface PanelTab {
  id: string;
  label: string;
  Content: ComponentType<{ api: WxtBrowser }>;
}

/** The panel's tabs, in order. */
export const PANEL_TABS: PanelTab[] = [
  { id: 'flags', label: 'Flags & experiments', Content: FlagsTab },
  { id: 'live', label: 'Live', Content: LiveTab },
  { id: 'bug', label: 'Report a bug', Content: BugReportTab },
  { id: 'settings', label: 'Settings', Content: SettingsTab },
];
