import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Panel } from '../../components/panel.tsx';

type SidePanelApi = { open(options: { windowId: number }): Promise<void> };

function openSidePanel() {
  const sidePanel = (browser as unknown as { sidePanel?: SidePanelApi }).sidePanel;
  void browser.windows.getCurrent().then((window) => (sidePanel && window.id !== undefined ? sidePanel.open({ windowId: window.id }) : undefined));
}

render(
  <main>
    <h1>crm-insights</h1>
    <Panel api={browser} />
    <p>
      <button type="button" onClick={openSidePanel}>
        Open side panel
      </button>
    </p>
  </main>,
  document.getElementById('app')!,
);
