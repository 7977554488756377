import { useEffect, useState } from 'preact/hooks';
import { countDrops } from '../lib/live-events.ts';
import type { PageView } from './use-page.ts';

function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString();
}

/** How long a page may take to answer before the panel says it has no widget. */
const WIDGET_WAIT_MS = 3000;

/** The inspected page's widget: session and the outbox (queued, last sync, drops), live from what it pushes. */
export function WidgetStatus({ view }: { view: PageView }) {
  const [, tick] = useState(0);
  const waiting = view?.found && !view.page.state;
  useEffect(() => {
    if (!waiting) return undefined;
    const timer = setTimeout(() => tick((count) => count + 1), WIDGET_WAIT_MS);
    return () => clearTimeout(timer);
  }, [waiting]);
  if (!view) return <p aria-busy="true">Looking for crm-insights on this page…</p>;
  if (!view.found)
    return (
      <p role="status" class="notice" data-testid="widget-missing">
        {view.reason}
      </p>
    );
  const { state } = view.page;
  if (!state && Date.now() - view.page.openedAt < WIDGET_WAIT_MS)
    return <p aria-busy="true">Waiting for the widget on this page to report…</p>;
  if (!state)
    return (
      <p role="status" class="notice" data-testid="widget-missing">
        crm-insights widget not found on this page (no answer from window.crmInsights).
      </p>
    );
  const sync = state.lastSync;
  const drops = Object.entries(countDrops(view.page.events));
  return (
    <dl class="facts">
      <dt>Session</dt>
      <dd data-testid="session-id">{state.sessionId}</dd>
      <dt>Outbox</dt>
      <dd>
        <span data-testid="queued">{state.queued}</span> queued in{' '}
        {state.storage === 'indexeddb' ? 'IndexedDB' : 'memory (no IndexedDB)'}
        {drops.length ? (
          <span data-testid="drops">; dropped {drops.map(([reason, count]) => `${count} (${reason})`).join(', ')}</span>
        ) : (
          '; nothing dropped'
        )}
      </dd>
      <dt>Last sync</dt>
      <dd data-testid="last-sync">
        {sync
          ? `${formatTime(sync.at)}: ${sync.ok ? `delivered ${sync.delivered ?? 0}` : `failed, ${sync.error ?? `HTTP ${sync.status}`}`}`
          : 'not yet'}
      </dd>
      <dt>Widget</dt>
      <dd>
        {state.version} → {state.endpoint}
      </dd>
    </dl>
  );
}
