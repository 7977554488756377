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
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { meterNetwork } from './metrics/network-meter.ts';
import { createOperations } from './operations.ts';
import type { Operations } from './operations.ts';
import { createLogger } from './request-log.ts';
import { loadAlertRulesFile, syncAlertRulesFile } from './alerts/load-alert-rules-file.ts';
import { createSmtpMailer } from './alerts/smtp-mailer.ts';
import { createScaling } from './scaling/scaling.ts';
import { loadScalingPolicies } from './scaling/scaling-policy.ts';

/** A running server: where it listens, its storage, and how to stop it. */
export interface RunningServer {
  origin: string;
  storage: Storage;
  operations: Operations;
  /** Where the separate `/metrics` listener (METRICS_LISTEN) listens, if one was asked for. */
  metricsOrigin?: string;
  close(): Promise<void>;
}

/** What tests can inject into a running server: its clock, and intervals shorter than production's. */
export interface ServerRuntime {
  now?: () => number;
  /** Alert evaluation interval (default 60 s) and notification sending interval (default 2 s). */
  alertEvaluateMs?: number;
  alertNotifyMs?: number;
}

/** Opens storage and serves the API, the widget bundle, the dashboard, the demo and the demo's own API on Node. */
export async function startServer(settings: Settings, runtime: ServerRuntime = {}): Promise<RunningServer> {
  const storage = await openStorage(settings);
  // The worker starts now, so the projection catches up from its watermark before the first read asks.
  await storage.analytics.start().catch(async (error: unknown) => {
    await storage.close();
    throw error;
  });
  let origin: string | undefined;
  const operations = createOperations(storage.db, { dataDir: settings.dataDir, now: runtime.now });
  const sampleMs = settings.metricsSampleMs ?? 10_000;
  if (sampleMs > 0) operations.sampler.start(sampleMs);
  const metricsServer = settings.metricsListen ? await listenForMetrics(operations, settings.metricsListen) : undefined;
  const app = createApp({
    operations,
    logger: createLogger(settings.logLevel ?? 'warn'),
    metricsToken: settings.metricsToken,
    mailer: settings.smtpUrl
      ? createSmtpMailer(settings.smtpUrl, {
          from: settings.alertEmailFrom ?? 'crm-insights <alerts@localhost>',
          allow: settings.outboundAllow ?? [],
        })
      : undefined,
    publicUrl: settings.publicUrl,
    capacity: {
      retentionDays: settings.retentionDays ?? 0,
      cpuCoreHourPrice: settings.capacityPrices?.cpuCoreHour ?? 0,
      diskGbMonthPrice: settings.capacityPrices?.diskGbMonth ?? 0,
      currency: settings.capacityPrices?.currency ?? 'USD',
      saturationEventsPerSecond: settings.capacitySaturation ?? 0,
    },
    now: runtime.now,
    storage,
    writeKey: settings.writeKey,
    readKey: settings.readKey,
    staffTokens: settings.staffTokens,
    allowedOrigins: settings.allowedOrigins,
    rateLimit: settings.rateLimitPerMinute
      ? { perMinute: settings.rateLimitPerMinute, burst: settings.rateLimitPerMinute }
      : undefined,
    trustProxy: settings.trustProxy,
    storageQuotas: settings.storageQuotas,
    rateLimitStore: settings.rateLimitStore ?? (settings.databaseUrl ? 'database' : 'memory'),
    trackingPlan: settings.trackingPlan,
    outboundPolicy: { allow: settings.outboundAllow ?? [] },
    loopbackOrigin: () => origin,
    publicDir: settings.publicDir,
  });
  const alerting = operations.alerting!;
  if (settings.alertRulesFile) {
    const now = (runtime.now ?? Date.now)();
    await syncAlertRulesFile(alerting.repository, loadAlertRulesFile(settings.alertRulesFile, now), now);
  }
  const evaluateMs = runtime.alertEvaluateMs ?? settings.alertEvaluateMs ?? 60_000;
  alerting.start(evaluateMs, runtime.alertNotifyMs ?? settings.alertNotifyMs ?? 2000);
  const policies = settings.scalingPoliciesFile ? loadScalingPolicies(settings.scalingPoliciesFile) : [];
  operations.scaling = createScaling({
    db: storage.db,
    metrics: operations.repository,
    policies,
    alerting,
    instance: operations.instance,
    desired: operations.desiredReplicas,
    now: runtime.now,
  });
  operations.scaling.start(evaluateMs);
  const stopPurging = settings.retentionDays
    ? schedulePurge(storage, settings.retentionDays)
    : schedulePartitions(storage);
  app.route('/demo-api', demoApi());
  mountStatic(app, settings.publicDir, settings.writeKey);
  mountDashboard(app, settings.publicDir);
  return new Promise((resolve, reject) => {
    // Node's own default gives a client 300 s to finish a request, so a few hundred half-sent bodies (slowloris)
    // hold as many sockets for minutes; a request must arrive whole within requestTimeoutMs (default 30 s).
    const requestTimeout = settings.requestTimeoutMs || 30_000;
    // Node checks for timed-out requests only every connectionsCheckingInterval (30 s by default).
    const serverOptions = {
      requestTimeout,
      headersTimeout: Math.min(requestTimeout, 10_000),
      connectionsCheckingInterval: Math.max(250, Math.min(5_000, requestTimeout / 4)),
    };
    const server = serve(
      { fetch: app.fetch, hostname: settings.host, port: settings.port, serverOptions },
      (info: AddressInfo) => {
        const loopbackHost = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host;
        origin = `http://${loopbackHost}:${info.port}`;
        const metricsAddress = metricsServer?.address();
        resolve({
          origin: `http://${settings.host}:${info.port}`,
          storage,
          operations,
          metricsOrigin:
            metricsAddress && typeof metricsAddress === 'object'
              ? `http://${settings.metricsListen!.host}:${metricsAddress.port}`
              : undefined,
          close: () =>
            new Promise<void>((done) => {
              stopPurging();
              operations.sampler.stop();
              alerting.stop();
              operations.scaling?.stop();
              metricsServer?.close();
              server.close(() => void storage.close().then(done));
              // Keep-alive connections would hold close() open; they carry nothing we need to finish.
              (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
            }),
        });
      },
    );
    operations.attachNetwork(meterNetwork(server));
    server.once('error', reject);
  });
}

/** The separate `/metrics` listener: Prometheus text only, no token (its address is the protection). */
function listenForMetrics(operations: Operations, address: { host: string; port: number }): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics')
      return void response.writeHead(404).end('only GET /metrics is served here\n');
    void operations.registry
      .metrics()
      .then((text) => response.writeHead(200, { 'Content-Type': operations.registry.contentType }).end(text));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => resolve(server));
  });
}

/** PostgreSQL without retention: creates next months' event partitions once a day (a purge does it otherwise). */
function schedulePartitions(storage: Storage): () => void {
  if (storage.kind !== 'postgres') return () => undefined;
  const timer = setInterval(
    () =>
      void ensureEventPartitions(storage.db).catch((error: unknown) =>
        console.error('[crm-insights] creating event partitions failed', error),
      ),
    86_400_000,
  );
  timer.unref();
  return () => clearInterval(timer);
}

/** Purges expired events (record, then analytics projection) now and once a day; a failed purge is logged and retried the next day. */
function schedulePurge(storage: Storage, retentionDays: number): () => void {
  const purge = () =>
    purgeExpired(storage.db, retentionDays)
      .then(async (result) => ({ ...result, projected: await storage.analytics.purge(result.cutoff) }))
      .then(
        (result) =>
          (result.events || result.projected) &&
          console.log(
            `[crm-insights] retention: purged ${result.events} events (${result.projected} from the analytics projection) older than ${retentionDays} days`,
          ),
        (error: unknown) => console.error('[crm-insights] retention purge failed', error),
      );
  void purge();
  const timer = setInterval(purge, 86_400_000);
  timer.unref();
  return () => clearInterval(timer);
}
