import { useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import { PANEL_TABS } from './panel-tabs.ts';
import { usePage } from './use-page.ts';
import { useTargetTab } from './use-target-tab.ts';
import { WidgetStatus } from './widget-status.tsx';

/** The side panel and popup: the widget's status, then a tab bar over `PANEL_TABS`; `?tab=<id>` opens a given tab. */
export function Panel({ api, search = location.search }: { api: WxtBrowser; search?: string }) {
  const wanted = new URLSearchParams(search).get('tab');
  const [current, setCurrent] = useState(PANEL_TABS.some((tab) => tab.id === wanted) ? wanted! : PANEL_TABS[0]!.id);
  const active = PANEL_TABS.find((tab) => tab.id === current) ?? PANEL_TABS[0]!;
  const { tabId, origin } = useTargetTab(api);
  const view = usePage(api, tabId);
  return (
    <>
      {/* Session, outbox and sync sit above the tabs: every tab (and a bug report) is about this session. */}
      <WidgetStatus view={view} />
      <div role="tablist" class="tabs">
        {PANEL_TABS.map((tab) => (
          <button
            type="button"
            role="tab"
            key={tab.id}
            data-testid={`tab-${tab.id}`}
            aria-selected={tab.id === active.id}
            onClick={() => setCurrent(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        <active.Content api={api} tabId={tabId} origin={origin} view={view} />
      </div>
    </>
  );
}
