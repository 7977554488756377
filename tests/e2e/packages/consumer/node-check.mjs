// @ts-check
// A plain Node script using both packages: the server's library API on a SQLite file in the given folder, the
// widget's React entry (which must import under Node without touching `window`), and the OpenFeature server
// provider through OpenFeature's own client.
import { OpenFeature } from '@openfeature/server-sdk';
import { crmInsightsServerProvider } from 'crm-insights/openfeature/server';
import { reactBindings } from 'crm-insights/react';
import { createApp, openStorage } from 'crm-insights-server';

const [dataDir, id, sessionId] = process.argv.slice(2);
if (!dataDir || !id || !sessionId) throw new Error('usage: node node-check.mjs <data dir> <event id> <session id>');
const storage = await openStorage({ dataDir });
try {
  const app = createApp({ storage, writeKey: 'pk_node', readKey: 'sk_node' });
  const event = {
    id,
    type: 'track',
    name: 'Deal Won',
    ts: Date.now(),
    sessionId,
    anonymousId: sessionId,
    props: { deal_id: 7, value: 5 },
  };
  const ingest = await app.request('/api/analytics/events', {
    method: 'POST',
    headers: { Authorization: 'Bearer pk_node', 'Content-Type': 'application/json' },
    body: JSON.stringify({ sentAt: Date.now(), events: [event] }),
  });
  const read = await app.request('/api/analytics/events?name=Deal%20Won', {
    headers: { Authorization: 'Bearer sk_node' },
  });
  /** @type {{ events: { id: string }[] }} */
  const stored = await read.json();
  const config = { flags: { 'deal-value-badge': { type: /** @type {const} */ ('boolean'), defaultValue: true } } };
  await OpenFeature.setProviderAndWait(crmInsightsServerProvider({ config }));
  const flag = await OpenFeature.getClient().getBooleanDetails('deal-value-badge', false, { targetingKey: 'user-1' });
  await OpenFeature.close();
  console.log(
    JSON.stringify({
      ingest: ingest.status,
      read: read.status,
      ids: stored.events.map((stored) => stored.id),
      bindings: Object.keys(reactBindings).sort(),
      flag: { value: flag.value, errorCode: flag.errorCode ?? null },
    }),
  );
} finally {
  await storage.close();
}
