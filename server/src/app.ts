import { Hono } from 'hono';
import { corsMiddleware } from './cors-middleware.ts';
import { HttpError, renderError } from './http-errors.ts';
import { rateLimitMiddleware } from './rate-limit-middleware.ts';
import { createRateLimiter } from './rate-limiter.ts';
import type { RateLimit } from './rate-limiter.ts';
import { refuseNulInUrl } from './query-params.ts';
import { enableLinearRegexFallback } from './regex-fallback.ts';
import { createRequestMetrics } from './request-metrics.ts';
import { analyticsRoutes } from './routes/analytics.ts';
import { bugReportRoutes } from './routes/bug-reports.ts';
import { errorRoutes } from './routes/errors.ts';
import { eventRoutes } from './routes/events.ts';
import { experimentRoutes } from './routes/experiments.ts';
import { featureRequestRoutes } from './routes/feature-requests.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { flagRoutes } from './routes/flags.ts';
import { healthRoutes } from './routes/health.ts';
import { infrastructureRoutes } from './routes/infrastructure.ts';
import { loadTestRoutes } from './routes/load-tests.ts';
import { npsRoutes } from './routes/nps.ts';
import { replayRoutes } from './routes/replay.ts';
import { extensionPairingRoutes } from './routes/extension-pairing.ts';
import { sessionRoutes } from './routes/session.ts';
import { sessionMiddleware } from './sessions/session-middleware.ts';
import { createSessionStore } from './sessions/session-store.ts';
import type { StorageQuotas } from './feedback/storage-quota.ts';
import type { Storage } from './storage/types.ts';
import type { TrackingPlan } from '../../shared/tracking-plan/plan-types.ts';

/**
 * What every route factory is given: storage, keys and settings. A factory takes these options (or the part
 * it needs) and is mounted with one line in `createApp`.
 */
export interface AppOptions {
  storage: Storage;
  /** The public key ingest takes. */
  writeKey: string;
  /** The secret key every read takes. */
  readKey: string;
  /** Tokens for staff (the extension), accepted on reads, bug reports and load tests. */
  staffTokens?: readonly string[];
  /** Browser origins allowed to send with the write key (CORS and a 403 otherwise); empty allows any. */
  allowedOrigins?: readonly string[];
  /** Requests per key and client per minute (0 or absent: no limit). */
  rateLimit?: RateLimit;
  /** How many proxies in front append to `X-Forwarded-For` (`true` is one); the client is the address the outermost added. */
  trustProxy?: boolean | number;
  /** What the public write key may store per day (bug reports, feedback). */
  storageQuotas?: StorageQuotas;
  /** The plan ingested `track` events are tagged `off-plan` against: default the CRM plan, `false` checks nothing. */
  trackingPlan?: TrackingPlan | false;
  /** The server's own address once it listens, for load tests over loopback (in-process without it). */
  loopbackOrigin?: () => string | undefined;
  version?: string;
  now?: () => number;
}

/**
 * The API as a web-standard fetch handler (`app.fetch`), so it runs under the Node runner or mounts inside any
 * fetch-based server. Every route lives under `/api`.
 */
export function createApp(options: AppOptions): Hono {
  enableLinearRegexFallback();
  const app = new Hono();
  const api = new Hono();
  api.use('*', corsMiddleware({ allowOrigin: corsOrigin(options.allowedOrigins), allowHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', 'If-None-Match'], exposeHeaders: ['Retry-After', 'ETag'], maxAgeSeconds: 86400 }));
  api.use('*', refuseNulInUrl);
  const metrics = createRequestMetrics();
  api.use('*', metrics.middleware);
  if (options.rateLimit?.perMinute) api.use('*', rateLimitMiddleware(createRateLimiter(options.rateLimit, options.now), options, Number(options.trustProxy ?? 0)));
  const sessions = createSessionStore(options.storage.db, options.now);
  api.use('*', sessionMiddleware(sessions, () => [options.writeKey, options.readKey, ...(options.staffTokens ?? [])]));
  api.route('/', healthRoutes(options));
  api.route('/', eventRoutes(options));
  api.route('/', analyticsRoutes(options));
  api.route('/', errorRoutes(options));
  api.route('/', infrastructureRoutes({ ...options, metrics }));
  api.route('/', loadTestRoutes({ ...options, appFetch: (request) => Promise.resolve(app.fetch(request)) }));
  api.route('/', npsRoutes(options));
  api.route('/', feedbackRoutes(options));
  api.route('/', featureRequestRoutes(options));
  api.route('/', bugReportRoutes(options));
  api.route('/', replayRoutes(options));
  api.route('/', flagRoutes(options));
  api.route('/', experimentRoutes(options));
  api.route('/', sessionRoutes({ ...options, sessions }));
  api.route('/', extensionPairingRoutes({ ...options, sessions }));
  api.all('*', (context) => {
    throw new HttpError(404, `no route ${context.req.method} ${new URL(context.req.url).pathname}`);
  });
  app.route('/api', api);
  app.onError(renderError);
  return app;
}

/**
 * Browsers may call from the allowed origins (any when none are configured) and from the staff extension,
 * whose reads carry a secret key anyway.
 */
function corsOrigin(allowed: readonly string[] = []): (origin: string) => string | null {
  return (origin) => (!allowed.length || allowed.includes(origin) || /^(chrome|moz)-extension:\/\//.test(origin) ? origin : null);
}
