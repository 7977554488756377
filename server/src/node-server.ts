import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { demoApi } from './demo-api.ts';
import type { Settings } from './settings.ts';
import { mountStatic } from './static.ts';
import { openStorage } from './storage/storage.ts';
import type { Storage } from './storage/types.ts';

/** A running server: where it listens, its storage, and how to stop it. */
export interface RunningServer {
  origin: string;
  storage: Storage;
  close(): Promise<void>;
}

/** Opens storage and serves the API, the widget bundle, the demo and the demo's own API on Node. */
export async function startServer(settings: Settings): Promise<RunningServer> {
  const storage = await openStorage(settings);
  const app = createApp({ storage, writeKey: settings.writeKey, readKey: settings.readKey });
  app.route('/demo-api', demoApi());
  mountStatic(app, settings.publicDir, settings.writeKey);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: settings.host, port: settings.port }, (info: AddressInfo) => {
      resolve({
        origin: `http://${settings.host}:${info.port}`,
        storage,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => void storage.close().then(done));
            // Keep-alive connections would hold close() open; they carry nothing we need to finish.
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once('error', reject);
  });
}
