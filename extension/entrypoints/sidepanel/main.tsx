import { render } from 'preact';
import { browser } from 'wxt/browser';
import { WidgetStatus } from '../../components/widget-status.tsx';

render(
  <main>
    <h1>crm-insights</h1>
    <WidgetStatus api={browser} />
  </main>,
  document.getElementById('app')!,
);
