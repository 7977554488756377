import { serve } from '@hono/node-server';
import type { ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { mountDashboard } from './dashboard-static.ts';
import { demoApi } from './demo-api.ts';
import type { Settings } from './settings.ts';
import { mountStatic } from './static.ts';
import { openStorage } from './storage/storage.ts';
import type { Storage } from './storage/types.ts';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { meterNetwork } from './metrics/network-meter.ts';
import { createOperations } from './operations.ts';
import type { Operations } from './operations.ts';
import { nodeAppOptions } from './node-app-options.ts';
import { schedulePartitions, schedulePurge, startAlerting, startScaling } from './node-background.ts';

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
  const storage = await openStartedStorage(settings);
  let origin: string | undefined;
  const operations = createOperations(storage.db, { dataDir: settings.dataDir, now: runtime.now });
  const sampleMs = settings.metricsSampleMs ?? 10_000;
  if (sampleMs > 0) operations.sampler.start(sampleMs);
  const metricsServer = settings.metricsListen ? await listenForMetrics(operations, settings.metricsListen) : undefined;
  const app = createApp(
    nodeAppOptions(settings, { operations, storage, now: runtime.now, loopbackOrigin: () => origin }),
  );
  const alerting = operations.alerting!;
  const deliveries = operations.bugReportDeliveries!;
  deliveries.start();
  const evaluateMs = await startAlerting(alerting, settings, runtime);
  startScaling(operations, storage, settings.scalingPoliciesFile, evaluateMs, runtime.now);
  const stopPurging = settings.retentionDays
    ? schedulePurge(storage, settings.retentionDays)
    : schedulePartitions(storage);
  app.route('/demo-api', demoApi());
  mountStatic(app, settings.publicDir, settings.writeKey);
  mountDashboard(app, settings.publicDir);
  return listen(app, settings, {
    storage,
    operations,
    metricsServer,
    onListening: (loopbackOrigin) => {
      origin = loopbackOrigin;
    },
    stopBackground: () => {
      stopPurging();
      operations.sampler.stop();
      alerting.stop();
      deliveries.stop();
      operations.scaling?.stop();
      metricsServer?.close();
    },
  });
}

/** Opens storage and starts its analytics worker; a worker that fails to start closes the storage again. */
async function openStartedStorage(settings: Settings): Promise<Storage> {
  const storage = await openStorage(settings);
  // The worker starts now, so the projection catches up from its watermark before the first read asks.
  await storage.analytics.start().catch(async (error: unknown) => {
    await storage.close();
    throw error;
  });
  return storage;
}

/** What `listen` hands back in the running server, and what it calls when the server listens and when it closes. */
interface Listening {
  storage: Storage;
  operations: Operations;
  metricsServer: Server | undefined;
  /** Told the server's loopback origin (127.0.0.1 for a wildcard host) once it listens. */
  onListening(loopbackOrigin: string): void;
  /** Stops the timers and the metrics listener started beside the server, before the server itself closes. */
  stopBackground(): void;
}

/** Serves `app` on the settings' host and port; resolves once it listens, rejects when it cannot. */
function listen(app: Hono, settings: Settings, listening: Listening): Promise<RunningServer> {
  const { storage, operations, metricsServer } = listening;
  let closing: Promise<void> | undefined;
  return new Promise((resolve, reject) => {
    const serverOptions = requestTimeouts(settings.requestTimeoutMs);
    const server = serve(
      { fetch: app.fetch, hostname: settings.host, port: settings.port, serverOptions },
      (info: AddressInfo) => {
        const loopbackHost = settings.host === '0.0.0.0' || settings.host === '::' ? '127.0.0.1' : settings.host;
        listening.onListening(`http://${loopbackHost}:${info.port}`);
        const metricsAddress = metricsServer?.address();
        resolve({
          origin: `http://${settings.host}:${info.port}`,
          storage,
          operations,
          metricsOrigin:
            metricsAddress && typeof metricsAddress === 'object'
              ? `http://${settings.metricsListen!.host}:${metricsAddress.port}`
              : undefined,
          // Once: a second signal (Ctrl-C twice, SIGTERM then SIGINT) waits for the shutdown under way rather than
          // stop the timers and the listeners again (the storage guards its own close the same way).
          close: () => (closing ??= closeServer(server, listening)),
        });
      },
    );
    operations.attachNetwork(meterNetwork(server));
    server.once('error', reject);
  });
}

/** Node's timeouts for a request to arrive whole (default 30 s), and how often Node checks them. */
function requestTimeouts(requestTimeoutMs: number | undefined) {
  // Node's own default gives a client 300 s to finish a request, so a few hundred half-sent bodies (slowloris)
  // hold as many sockets for minutes; a request must arrive whole within requestTimeoutMs (default 30 s).
  const requestTimeout = requestTimeoutMs || 30_000;
  // Node checks for timed-out requests only every connectionsCheckingInterval (30 s by default).
  return {
    requestTimeout,
    headersTimeout: Math.min(requestTimeout, 10_000),
    connectionsCheckingInterval: Math.max(250, Math.min(5_000, requestTimeout / 4)),
  };
}

/** Stops the background work, then the server, then the storage. */
function closeServer(server: ServerType, listening: Listening): Promise<void> {
  return new Promise<void>((done, fail) => {
    listening.stopBackground();
    server.close(() => void listening.storage.close().then(done, fail));
    // Keep-alive connections would hold close() open; they carry nothing we need to finish.
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
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
