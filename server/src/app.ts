import { Hono } from 'hono';
import { corsMiddleware } from './cors-middleware.ts';
import { HttpError, renderError } from './http-errors.ts';
import { rateLimitMiddleware } from './rate-limit-middleware.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createSqlRateLimiter } from './shared-rate-limiter.ts';
import { isLoadTestRequest, LOAD_TEST_BUCKET } from './load-test-marker.ts';
import type { RateLimit } from './rate-limiter.ts';
import { refuseNulInUrl } from './query-params.ts';
import { enableLinearRegexFallback } from './regex-fallback.ts';
import { createOperations } from './operations.ts';
import type { Operations } from './operations.ts';
import { requestLog } from './request-log.ts';
import type { Logger } from 'pino';
import { metricsRoutes } from './routes/metrics.ts';
import { alertRoutes } from './routes/alerts.ts';
import { createAlerting } from './alerts/alerting.ts';
import type { Alerting } from './alerts/alerting.ts';
import type { Mailer } from './alerts/send-on-channel.ts';
import { flagStoreFor } from './flags/flags-context.ts';
import { createOutboundClient } from './outbound/outbound-client.ts';
import type { CapacitySettings } from './metrics/capacity-inputs.ts';
import { analyticsRoutes } from './routes/analytics.ts';
import { bugReportRoutes } from './routes/bug-reports.ts';
import { createBugReportDeliveries } from './feedback/bug-report-deliveries.ts';
import type { BugReportDeliveries } from './feedback/bug-report-deliveries.ts';
import type { DeliveryOptions } from './outbound/deliver.ts';
import { errorRoutes } from './routes/errors.ts';
import { eventRoutes } from './routes/events.ts';
import { experimentRoutes } from './routes/experiments.ts';
import { featureRequestRoutes } from './routes/feature-requests.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { flagRoutes } from './routes/flags.ts';
import { healthRoutes } from './routes/health.ts';
import { openApiRoutes } from './openapi/openapi-routes.ts';
import { infrastructureRoutes } from './routes/infrastructure.ts';
import { loadTestRoutes } from './routes/load-tests.ts';
import { npsRoutes } from './routes/nps.ts';
import { replayRoutes } from './routes/replay.ts';
import type { OutboundClient, OutboundPolicy } from './outbound/outbound-client.ts';
import { sourceMapRoutes } from './routes/sourcemaps.ts';
import { createSourceMapRepository } from './sourcemaps/source-map-repository.ts';
import { createSymbolicator } from './sourcemaps/symbolicator.ts';
import { extensionPairingRoutes } from './routes/extension-pairing.ts';
import { sessionRoutes } from './routes/session.ts';
import { sessionMiddleware } from './sessions/session-middleware.ts';
import { createSessionStore } from './sessions/session-store.ts';
import type { SessionStore } from './sessions/session-store.ts';
import type { StorageQuotas } from './feedback/storage-quota.ts';
import type { Storage } from './storage/types.ts';
import type { TrackingPlan } from '../../shared/tracking-plan/plan-types.ts';

/**
 * What every route factory is given: storage, keys and settings. A factory takes these options (or the part
 * it needs) and is mounted with one line in `mountApiRoutes`, which `createApp` calls.
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
  /**
   * How many proxies in front append to `X-Forwarded-For` (`true` is one); the client is the address the outermost
   * added.
   */
  trustProxy?: boolean | number;
  /** What the public write key may store per day (bug reports, feedback). */
  storageQuotas?: StorageQuotas;
  /** `database`: rate-limit buckets in the database, shared by every API process on it (default with PostgreSQL). */
  rateLimitStore?: 'memory' | 'database';
  /** The plan ingested `track` events are tagged `off-plan` against: default the CRM plan, `false` checks nothing. */
  trackingPlan?: TrackingPlan | false;
  /**
   * The operator's outbound allow-list (`INSIGHTS_OUTBOUND_ALLOW`); none given: webhooks to internal addresses are
   * refused.
   */
  outboundPolicy?: OutboundPolicy;
  /** The outbound client bug-report webhooks and alert channels share; made from `outboundPolicy` when absent. */
  outboundClient?: OutboundClient;
  /** Retry schedule of bug-report webhook deliveries (tests shorten the waits). */
  webhook?: DeliveryOptions;
  /** How long a bug-report webhook delivery's claim lasts unrenewed (`WEBHOOK_CLAIM_MS`, default 30 s). */
  webhookClaimMs?: number;
  /** The server's own address once it listens, for load tests over loopback (in-process without it). */
  loopbackOrigin?: () => string | undefined;
  version?: string;
  now?: () => number;
  /** The built widget's folder: its published source maps make the widget's own frames readable. */
  publicDir?: string;
  /** Metrics, health and their sampler; made here (not started) when absent. */
  operations?: Operations;
  /** JSON request log with a request id per request; none when absent. */
  logger?: Logger;
  /** Bearer token for `GET /metrics` (Prometheus); without one `/metrics` is not served on the API address. */
  metricsToken?: string;
  /** Sends alert emails (SMTP_URL); without it email channels fail with a clear error. */
  mailer?: Mailer;
  /** Prices, retention and a measured saturation point for `GET /infrastructure/capacity`. */
  capacity?: CapacitySettings;
  /** The public base URL alert links point at (INSIGHTS_PUBLIC_URL); default the server's own origin. */
  publicUrl?: string;
}

/** What the `/api` routes are built from, resolved once in `createApp`. */
interface ApiParts {
  /** The whole app, which in-process load tests send their requests through. */
  app: Hono;
  /** The options with the metered storage and the shared outbound client. */
  options: AppOptions;
  operations: Operations;
  alerting: Alerting;
  bugReportDeliveries: BugReportDeliveries;
}

/**
 * The API as a web-standard fetch handler (`app.fetch`), so it runs under the Node runner or mounts inside any
 * fetch-based server. Every route lives under `/api`.
 */
export function createApp(options: AppOptions): Hono {
  enableLinearRegexFallback();
  const app = new Hono();
  const operations = options.operations ?? createOperations(options.storage.db, { now: options.now });
  // Every route sees the metered storage, so ingest counts and write latency are measured in one place.
  const outboundClient = options.outboundClient ?? createOutboundClient(options.outboundPolicy ?? { allow: [] });
  options = { ...options, storage: operations.ingest.meter(options.storage), outboundClient };
  if (options.logger) app.use('*', requestLog(options.logger));
  operations.alerting ??= createAppAlerting(options, operations, outboundClient);
  operations.bugReportDeliveries ??= createBugReportDeliveries({
    db: options.storage.db,
    client: outboundClient,
    instance: operations.instance,
    now: options.now,
    webhook: options.webhook,
    claimMs: options.webhookClaimMs,
  });
  const { alerting, bugReportDeliveries } = operations;
  app.route('/api', createApi({ app, options, operations, alerting, bugReportDeliveries }));
  if (options.metricsToken) app.route('/', metricsRoutes(operations.registry, options.metricsToken));
  app.onError(renderError);
  return app;
}

/** The alerting service over this app's storage, metrics and outbound client, when `operations` brought none. */
function createAppAlerting(options: AppOptions, operations: Operations, outboundClient: OutboundClient): Alerting {
  return createAlerting({
    db: options.storage.db,
    engine: options.storage.analytics,
    metrics: operations.repository,
    outbound: outboundClient,
    flags: flagStoreFor(options),
    instance: operations.instance,
    mailer: options.mailer,
    baseUrl: () => options.publicUrl ?? options.loopbackOrigin?.() ?? 'http://localhost:8787',
    now: options.now,
  });
}

/**
 * Every `/api` route behind its middleware, in order: CORS, the URL check, request metering, rate limits and
 * sessions; then the routes, then a 404 naming the method and path for anything else.
 */
function createApi(parts: ApiParts): Hono {
  const { options, operations } = parts;
  const api = new Hono();
  api.use(
    '*',
    corsMiddleware({
      allowOrigin: corsOrigin(options.allowedOrigins),
      allowHeaders: ['Authorization', 'Content-Type', 'Content-Encoding', 'If-None-Match'],
      exposeHeaders: ['Retry-After', 'ETag'],
      maxAgeSeconds: 86400,
    }),
  );
  api.use('*', refuseNulInUrl);
  api.use('*', operations.requests.middleware);
  if (options.rateLimit?.perMinute) addRateLimitMiddleware(api, options, options.rateLimit, operations);
  const sessions = createSessionStore(options.storage.db, options.now);
  api.use(
    '*',
    sessionMiddleware(sessions, () => [options.writeKey, options.readKey, ...(options.staffTokens ?? [])]),
  );
  mountApiRoutes(api, parts, sessions);
  api.all('*', (context) => {
    throw new HttpError(404, `no route ${context.req.method} ${new URL(context.req.url).pathname}`);
  });
  return api;
}

/** Per key and client, in memory or in the database (`rateLimitStore`), with load tests in a bucket of their own. */
function addRateLimitMiddleware(api: Hono, options: AppOptions, rateLimit: RateLimit, operations: Operations): void {
  const shared = options.rateLimitStore === 'database';
  const limiter = shared
    ? createSqlRateLimiter(options.storage.db, rateLimit, options.now)
    : createRateLimiter(rateLimit, options.now);
  const trusted = Number(options.trustProxy ?? 0);
  const clients = rateLimitMiddleware(operations.ingest.meterLimiter(limiter), options, trusted);
  // A self-load-test has its own bucket, so it never spends real clients' budget or lowers their sampleRate.
  const loadTests = rateLimitMiddleware(createRateLimiter(LOAD_TEST_BUCKET, options.now), options, trusted);
  api.use('*', (context, next) =>
    isLoadTestRequest(context.req.raw) ? loadTests(context, next) : clients(context, next),
  );
}

/** Every route factory, one line each, in the order their routes are matched. */
function mountApiRoutes(api: Hono, parts: ApiParts, sessions: SessionStore): void {
  const { app, options, operations, alerting } = parts;
  const symbolicator = createSymbolicator(
    createSourceMapRepository(options.storage.db),
    options.publicDir,
    options.now,
  );
  const ingesting = { ...options, symbolicator };
  api.route('/', healthRoutes(options));
  api.route('/', openApiRoutes(options));
  api.route('/', eventRoutes(ingesting));
  api.route('/', analyticsRoutes(options));
  api.route('/', errorRoutes(ingesting));
  api.route('/', sourceMapRoutes(ingesting));
  api.route('/', infrastructureRoutes({ ...options, operations }));
  api.route(
    '/',
    loadTestRoutes({
      ...options,
      instance: operations.instance,
      appFetch: (request) => Promise.resolve(app.fetch(request)),
    }),
  );
  api.route('/', alertRoutes({ ...options, alerting }));
  api.route('/', npsRoutes(options));
  api.route('/', feedbackRoutes(options));
  api.route('/', featureRequestRoutes(options));
  api.route('/', bugReportRoutes({ ...options, deliveries: parts.bugReportDeliveries }));
  api.route('/', replayRoutes(options));
  api.route('/', flagRoutes(options));
  api.route('/', experimentRoutes(options));
  api.route('/', sessionRoutes({ ...options, sessions }));
  api.route('/', extensionPairingRoutes({ ...options, sessions }));
}

/**
 * Browsers may call from the allowed origins (any when none are configured) and from the staff extension,
 * whose reads carry a secret key anyway.
 */
function corsOrigin(allowed: readonly string[] = []): (origin: string) => string | null {
  return (origin) =>
    !allowed.length || allowed.includes(origin) || /^(chrome|moz)-extension:\/\//.test(origin) ? origin : null;
}
