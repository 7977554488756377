import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { mountDashboard } from './dashboard-static.ts';
import { demoApi } from './demo-api.ts';
import type { Settings } from './settings.ts';
import { mountStatic } from './static.ts';
import { ensureEventPartitions } from './storage/event-partitions.ts';
import { purgeExpired } from './storage/retention.ts';
import { openStorage } from './storage/storage.ts';
import type { Storage } from './storage/types.ts';

/** A running server: where it listens, its storage, and how to stop it. */
export interface RunningServer {
  origin: string;
  storage: Storage;
  close(): Promise<void>;
}

/** Opens storage and serves the API, the widget bundle, the dashboard, the demo and the demo's own API on Node. */
export async function startServer(settings: Settings): Promise<RunningServer> {
  const storage = await openStorage(settings);
  // The worker starts now, so the projection catches up from its watermark before the first read asks.
  await storage.analytics.start().catch(async (error: unknown) => {
    await storage.close();
    throw error;
  });
  let origin: string | undefined;
  const app = createApp({
    storage,
    writeKey: settings.writeKey,
    readKey: settings.readKey,
    staffTokens: settings.staffTokens,
    allowedOrigins: settings.allowedOrigins,
    rateLimit: settings.rateLimitPerMinute ? { perMinute: settings.rateLimitPerMinute, burst: settings.rateLimitPerMinute } : undefined,
    trustProxy: settings.trustProxy,
    storageQuotas: settings.storageQuotas,
    trackingPlan: settings.trackingPlan,
    loopbackOrigin: () => origin,
  });
  const stopPurging = settings.retentionDays ? schedulePurge(storage, settings.retentionDays) : schedulePartitions(storage);
  app.route('/demo-api', demoApi());
  mountStatic(app, settings.publicDir, settings.writeKey);
  mountDashboard(app, settings.publicDir);
  return new Promise((resolve, reject) => {
    // Node's own default gives a client 300 s to finish a request, so a few hundred half-sent bodies (slowloris)
    // hold as many sockets for minutes; a request must arrive whole within requestTimeoutMs (default 30 s).
    const requestTimeout = settings.requestTimeoutMs || 30_000;
    // Node checks for timed-out requests only every connectionsCheckingInterval (30 s by default).
    const serverOptions = { requestTimeout, headersTimeout: Math.min(requestTimeout, 10_000), connectionsCheckingInterval: Math.max(250, Math.min(5_000, requestTimeout / 4)) };
    const server = serve({ fetch: app.fetch, hostname: settings.host, port: settings.port, serverOptions }, (info: AddressInfo) => {
      const loopbackHost = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host;
      origin = `http://${loopbackHost}:${info.port}`;
      resolve({
        origin: `http://${settings.host}:${info.port}`,
        storage,
        close: () =>
          new Promise<void>((done) => {
            stopPurging();
            server.close(() => void storage.close().then(done));
            // Keep-alive connections would hold close() open; they carry nothing we need to finish.
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}

/** PostgreSQL without retention: creates next months' event partitions once a day (a purge does it otherwise). */
function schedulePartitions(storage: Storage): () => void {
  if (storage.kind !== 'postgres') return () => undefined;
  const timer = setInterval(() => void ensureEventPartitions(storage.db).catch((error: unknown) => console.error('[crm-insights] creating event partitions failed', error)), 86_400_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** Purges expired events (record, then analytics projection) now and once a day; a failed purge is logged and retried the next day. */
function schedulePurge(storage: Storage, retentionDays: number): () => void {
  const purge = () =>
    purgeExpired(storage.db, retentionDays)
      .then(async (result) => ({ ...result, projected: await storage.analytics.purge(result.cutoff) }))
      .then(
        (result) => (result.events || result.projected) && console.log(`[crm-insights] retention: purged ${result.events} events (${result.projected} from the analytics projection) older than ${retentionDays} days`),
        (error: unknown) => console.error('[crm-insights] retention purge failed', error),
      );
  void purge();
  const timer = setInterval(purge, 86_400_000);
  timer.unref();
  return () => clearInterval(timer);
}
