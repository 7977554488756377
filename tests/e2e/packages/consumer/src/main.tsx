// A new user's React app: the widget from the packed `crm-insights` tarball, its React bindings, and the typed
// `window.crmInsights` global. The test builds it with Vite and clicks through it in Chromium.
import { createClient } from 'crm-insights';
import type { CrmInsightsGlobal, FlagsConfig } from 'crm-insights';
import { reactBindings } from 'crm-insights/react';
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';

const { AnalyticsProvider, ErrorBoundary, FeatureGate, useAnalytics, useFeatureFlag } = reactBindings;

const flags: FlagsConfig = {
  flags: {
    'deal-value-badge': { type: 'boolean', defaultValue: true },
    'pipeline-title': { type: 'string', defaultValue: 'Pipeline from the bootstrap' },
  },
};

const client = createClient({
  endpoint: import.meta.env.VITE_INSIGHTS_ENDPOINT,
  writeKey: import.meta.env.VITE_INSIGHTS_WRITE_KEY,
  release: 'consumer-1',
  flags: { bootstrap: flags, fetchConfig: false },
});

// No script tag on this page, so the global stays unset; typed all the same.
const global: CrmInsightsGlobal | undefined = window.crmInsights;

function WinDeal() {
  const { track } = useAnalytics();
  const title = useFeatureFlag('pipeline-title', 'no title');
  const [status, setStatus] = useState('idle');
  const win = async () => {
    const dealId = Number(new URLSearchParams(location.search).get('deal') ?? '1');
    track('Deal Won', { deal_id: dealId, value: 12000 });
    const result = await client.flush();
    setStatus(`delivered ${result.delivered}, pending ${result.pending}`);
  };
  return (
    <main>
      <h1>{String(title)}</h1>
      <FeatureGate flag="deal-value-badge" fallback={<p>no badge</p>}>
        <p id="badge">Deal value badge</p>
      </FeatureGate>
      <button type="button" onClick={() => void win()}>
        Win deal
      </button>
      <output id="status">{status}</output>
      <p id="global">{global ? 'script tag present' : 'no script tag'}</p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AnalyticsProvider client={client}>
      <ErrorBoundary fallback={<p>Something broke</p>}>
        <WinDeal />
      </ErrorBoundary>
    </AnalyticsProvider>
  </StrictMode>,
);
