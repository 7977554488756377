import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Panel } from '../../components/panel.tsx';

type SidePanelApi = { open(options: { windowId: number }): Promise<void> };
type SidebarActionApi = { open(): Promise<void> };

// Read now, so the click below can open the panel synchronously: both browsers demand the user's gesture.
let windowId: number | undefined;
void browser.windows.getCurrent().then((current) => (windowId = current.id));

/** Chrome's side panel, or Firefox's sidebar (sidebar_action); then the popup closes. */
function openSidePanel() {
  const api = browser as unknown as { sidePanel?: SidePanelApi; sidebarAction?: SidebarActionApi };
  const opening = api.sidebarAction
    ? api.sidebarAction.open()
    : api.sidePanel && windowId !== undefined
      ? api.sidePanel.open({ windowId })
      : undefined;
  void opening?.then(
    () => window.close(),
    () => undefined,
  );
}

render(
  <main>
    <h1>crm-insights</h1>
    <p>
      <button type="button" onClick={openSidePanel}>
        Open side panel
      </button>
    </p>
    <Panel api={browser} />
  </main>,
  document.getElementById('app')!,
);
