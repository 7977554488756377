import { useEffect, useState } from 'preact/hooks';
import type { WxtBrowser } from 'wxt/browser';
import type { WidgetLookup, WidgetStateUpdate } from '../lib/messages.ts';
import { targetTabId } from '../lib/target-tab.ts';
import { lookupWidget } from '../lib/widget-lookup.ts';

const REFRESH_MS = 2000;

function formatTime(at: number): string {
  return new Date(at).toLocaleTimeString();
}

/** Shows the inspected page's widget: session, outbox and last sync; refreshes live. */
export function WidgetStatus({ api }: { api: WxtBrowser }) {
  const [lookup, setLookup] = useState<WidgetLookup | undefined>();
  useEffect(() => {
    let tabId: number | undefined;
    let alive = true;
    const refresh = async () => {
      tabId ??= await targetTabId(api);
      const result = await lookupWidget(api, tabId);
      if (alive) setLookup(result);
    };
    const onUpdate = (message: WidgetStateUpdate, sender: { tab?: { id?: number } }) => {
      if (message?.type === 'widget-state' && sender.tab?.id === tabId) setLookup({ found: true, state: message.state });
    };
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    api.runtime.onMessage.addListener(onUpdate);
    return () => {
      alive = false;
      clearInterval(timer);
      api.runtime.onMessage.removeListener(onUpdate);
    };
  }, [api]);

  if (!lookup) return <p aria-busy="true">Looking for crm-insights on this page…</p>;
  if (!lookup.found) return <p role="status" data-testid="widget-missing">{lookup.reason}</p>;
  const { state } = lookup;
  const sync = state.lastSync;
  return (
    <dl class="facts">
      <dt>Session</dt>
      <dd data-testid="session-id">{state.sessionId}</dd>
      <dt>Anonymous id</dt>
      <dd>{state.anonymousId}</dd>
      <dt>Queued events</dt>
      <dd data-testid="queued">{state.queued}</dd>
      <dt>Storage</dt>
      <dd>{state.storage === 'indexeddb' ? 'IndexedDB' : 'memory (IndexedDB unavailable)'}</dd>
      <dt>Last sync</dt>
      <dd data-testid="last-sync">
        {sync ? `${formatTime(sync.at)}: ${sync.ok ? `delivered ${sync.delivered ?? 0}` : `failed, ${sync.error ?? `HTTP ${sync.status}`}`}` : 'not yet'}
      </dd>
      <dt>Endpoint</dt>
      <dd>{state.endpoint}</dd>
      <dt>Widget version</dt>
      <dd>{state.version}</dd>
    </dl>
  );
}
