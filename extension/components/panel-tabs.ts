import type { ComponentType } from 'preact';
import type { WxtBrowser } from 'wxt/browser';
import { BugReportTab } from './bug-report-tab.tsx';
import { FlagsTab } from './flags-tab.tsx';
import { LiveTab } from './live-tab.tsx';
import { PageTab } from './page-tab.tsx';
import { SettingsTab } from './settings-tab.tsx';
import type { PageView } from './use-page.ts';

/** What every tab receives: the browser API, the inspected tab and what its page reported. */
export interface TabProps {
  api: WxtBrowser;
  tabId?: number;
  origin?: string;
  view: PageView;
}

/** One tab of the panel: add an entry here to add a tab (Settings stays last). */
export interface PanelTab {
  id: string;
  label: string;
  Content: ComponentType<TabProps>;
}

/** The panel's tabs, in order. */
export const PANEL_TABS: PanelTab[] = [
  { id: 'flags', label: 'Flags', Content: FlagsTab },
  { id: 'live', label: 'Live', Content: LiveTab },
  { id: 'bug', label: 'Report a bug', Content: BugReportTab },
  { id: 'page', label: 'This page', Content: PageTab },
  { id: 'settings', label: 'Settings', Content: SettingsTab },
];
