import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HttpError, renderError } from './http-errors.ts';
import { bugReportRoutes } from './routes/bug-reports.ts';
import { eventRoutes } from './routes/events.ts';
import { experimentRoutes } from './routes/experiments.ts';
import { featureRequestRoutes } from './routes/feature-requests.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { flagRoutes } from './routes/flags.ts';
import { healthRoutes } from './routes/health.ts';
import { npsRoutes } from './routes/nps.ts';
import { replayRoutes } from './routes/replay.ts';
import type { Storage } from './storage/types.ts';

export interface AppOptions {
  storage: Storage;
  writeKey: string;
  readKey: string;
  version?: string;
  now?: () => number;
}

/**
 * The API as a web-standard fetch handler (`app.fetch`), so it runs under the Node runner or mounts inside any
 * fetch-based server. Every route lives under `/api`.
 */
export function createApp(options: AppOptions): Hono {
  const app = new Hono();
  const api = new Hono();
  api.use('*', cors({ origin: '*', allowHeaders: ['Authorization', 'Content-Type', 'Content-Encoding'], maxAge: 86400 }));
  api.route('/', healthRoutes(options));
  api.route('/', eventRoutes(options));
  api.route('/', npsRoutes(options));
  api.route('/', feedbackRoutes(options));
  api.route('/', featureRequestRoutes(options));
  api.route('/', bugReportRoutes(options));
  api.route('/', replayRoutes(options));
  api.route('/', flagRoutes(options));
  api.route('/', experimentRoutes(options));
  api.all('*', (context) => {
    throw new HttpError(404, `no route ${context.req.method} ${new URL(context.req.url).pathname}`);
  });
  app.route('/api', api);
  app.onError(renderError);
  return app;
}
