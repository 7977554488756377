import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Panel } from '../../components/panel.tsx';

render(
  <main>
    <h1>crm-insights</h1>
    <Panel api={browser} />
  </main>,
  document.getElementById('app')!,
);
