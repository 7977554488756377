import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AnalyticsEngineOptions } from './analytics/engine/analytics-engine.ts';
import { analyticsSettings } from './analytics-settings.ts';
import {
  list,
  listenAddress,
  logLevelSetting,
  outboundAllowSetting,
  portSetting,
  price,
  rateLimitStoreSetting,
  trackingPlanSetting,
  trustedProxies,
  wholeNumber,
} from './env-values.ts';
import { DEFAULT_CLAIM_MS } from './feedback/bug-report-deliveries.ts';
import { DEFAULT_STORAGE_QUOTAS } from './feedback/storage-quota.ts';
import type { StorageQuotas } from './feedback/storage-quota.ts';
import type { LOG_LEVELS } from './request-log.ts';
import { serverKeys } from './server-keys.ts';

/** Everything the server reads from its environment, with the safe local defaults. */
export interface Settings {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  writeKey: string;
  readKey: string;
  /** Where the built widget bundle and the built demo are served from. */
  publicDir: string;
  /** Which of the keys were generated here rather than given, so the runner can say so. */
  generatedKeys: ('writeKey' | 'readKey')[];
  /** Tokens for staff (the extension): reads, bug reports, load tests. Separate from both keys. */
  staffTokens?: string[];
  /** Browser origins allowed to send with the write key; empty allows any. */
  allowedOrigins?: string[];
  /** Requests per minute per key and client (also the burst size); 0 turns rate limiting off. */
  rateLimitPerMinute?: number;
  /** How many proxies in front append to `X-Forwarded-For` (0: use the socket's address). */
  trustProxy?: number;
  /** What the public write key may store per UTC day. */
  storageQuotas?: StorageQuotas;
  /** Milliseconds a client has to send a whole request (headers and body) before the connection is dropped. */
  requestTimeoutMs?: number;
  /** Days of events to keep; older ones are purged on start and daily. 0 keeps everything. */
  retentionDays?: number;
  /** Hostnames, IPs and CIDRs outbound calls (webhooks) may reach although internal (`INSIGHTS_OUTBOUND_ALLOW`). */
  outboundAllow?: string[];
  /** `false` (`TRACKING_PLAN=off`): ingest tags nothing `off-plan`; otherwise the CRM plan is checked. */
  trackingPlan?: false;
  /** Bearer token for `GET /metrics` on the API address (`INSIGHTS_METRICS_TOKEN`); unset: not served there. */
  metricsToken?: string;
  /** A separate `host:port` serving only `/metrics` without a token (`METRICS_LISTEN`), e.g. on a private interface. */
  metricsListen?: { host: string; port: number };
  /** Milliseconds between metric samples (`METRICS_SAMPLE_MS`, default 10 000; 0 stops sampling). */
  metricsSampleMs?: number;
  /** Where rate-limit buckets live (`RATE_LIMIT_STORE`): `database` (default with DATABASE_URL: shared by replicas) or `memory`. */
  rateLimitStore?: 'memory' | 'database';
  /** How long a bug-report webhook delivery's claim lasts unrenewed, and how often replicas look for lapsed ones (`WEBHOOK_CLAIM_MS`, default 30 000). */
  webhookClaimMs?: number;
  /** SMTP server alert emails go through (`SMTP_URL`, e.g. `smtp://user:pass@mail.example.com:587`). */
  smtpUrl?: string;
  /** The From of alert emails (`ALERT_EMAIL_FROM`). */
  alertEmailFrom?: string;
  /** The public base URL links in alerts point at (`INSIGHTS_PUBLIC_URL`, e.g. `https://insights.example.com`). */
  publicUrl?: string;
  /** Milliseconds between alert evaluations (`ALERT_EVALUATE_MS`, default 60 000) and notification sends (`ALERT_NOTIFY_MS`, default 2 000). */
  alertEvaluateMs?: number;
  alertNotifyMs?: number;
  /** Operator prices for the capacity plan: `CAPACITY_CPU_CORE_HOUR_PRICE`, `CAPACITY_DISK_GB_MONTH_PRICE`, `CAPACITY_CURRENCY`. */
  capacityPrices?: { cpuCoreHour: number; diskGbMonth: number; currency: string };
  /** A saturation point measured with `npm run loadtest -- --ramp` (`CAPACITY_SATURATION_EVENTS_PER_SECOND`). */
  capacitySaturation?: number;
  /** Scaling policies evaluated with the alerts (`SCALING_POLICIES_FILE`). */
  scalingPoliciesFile?: string;
  /** Alert rules loaded (upserted) on start (`ALERT_RULES_FILE`). */
  alertRulesFile?: string;
  /** JSON log level (`LOG_LEVEL`, default info). */
  logLevel?: (typeof LOG_LEVELS)[number];
  /** The analytics engine: its projection file and limits (`ANALYTICS_*`, see docs/analytics.md). */
  analytics?: AnalyticsEngineOptions;
}

/**
 * Reads settings from the environment. Keys that are not given are generated once and kept in
 * `DATA_DIR/keys.json`, so a restart keeps the same keys and nothing ever runs with a guessable default.
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Settings {
  const port = portSetting(env.PORT);
  const dataDir = resolve(cwd, env.DATA_DIR ?? '.data');
  mkdirSync(dataDir, { recursive: true });
  const keys = serverKeys(env, dataDir);
  // The groups are read in this order, so of several bad variables the first one read is the one named.
  return {
    host: env.HOST || '127.0.0.1',
    port,
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    ...keys,
    publicDir: resolve(cwd, env.PUBLIC_DIR ?? 'dist/public'),
    staffTokens: list(env.INSIGHTS_STAFF_TOKENS),
    allowedOrigins: list(env.INSIGHTS_ALLOWED_ORIGINS),
    ...requestSettings(env),
    ...operationsSettings(env),
    ...alertSettings(env, cwd),
    ...capacitySettings(env, cwd),
    analytics: analyticsSettings(env, dataDir),
  };
}

/** What a request may take and what is kept of it: rate, proxies, quotas, time, retention, outbound, the plan. */
function requestSettings(env: NodeJS.ProcessEnv) {
  return {
    rateLimitPerMinute: wholeNumber(env, 'RATE_LIMIT_PER_MINUTE', 1200),
    trustProxy: trustedProxies(env.TRUST_PROXY),
    storageQuotas: {
      bugReportBytesPerDay: wholeNumber(
        env,
        'INSIGHTS_BUG_REPORT_QUOTA_BYTES',
        DEFAULT_STORAGE_QUOTAS.bugReportBytesPerDay,
      ),
      feedbackBytesPerDay: wholeNumber(
        env,
        'INSIGHTS_FEEDBACK_QUOTA_BYTES',
        DEFAULT_STORAGE_QUOTAS.feedbackBytesPerDay,
      ),
    },
    requestTimeoutMs: wholeNumber(env, 'REQUEST_TIMEOUT_MS', 30_000),
    retentionDays: wholeNumber(env, 'RETENTION_DAYS', 90),
    outboundAllow: outboundAllowSetting(env.INSIGHTS_OUTBOUND_ALLOW),
    ...trackingPlanSetting(env.TRACKING_PLAN),
  } satisfies Partial<Settings>;
}

/** How replicas are watched and share state: metrics, logs, where rate-limit buckets live, webhook claims. */
function operationsSettings(env: NodeJS.ProcessEnv) {
  return {
    metricsToken: env.INSIGHTS_METRICS_TOKEN || undefined,
    metricsListen: listenAddress(env.METRICS_LISTEN, 'METRICS_LISTEN'),
    metricsSampleMs: wholeNumber(env, 'METRICS_SAMPLE_MS', 10_000),
    logLevel: logLevelSetting(env.LOG_LEVEL),
    rateLimitStore: rateLimitStoreSetting(env.RATE_LIMIT_STORE),
    webhookClaimMs: wholeNumber(env, 'WEBHOOK_CLAIM_MS', DEFAULT_CLAIM_MS) || DEFAULT_CLAIM_MS,
  } satisfies Partial<Settings>;
}

/** Where alerts go and how often rules run; 0 for either interval keeps its default. */
function alertSettings(env: NodeJS.ProcessEnv, cwd: string) {
  return {
    smtpUrl: env.SMTP_URL || undefined,
    alertEmailFrom: env.ALERT_EMAIL_FROM || undefined,
    publicUrl: env.INSIGHTS_PUBLIC_URL || undefined,
    alertEvaluateMs: wholeNumber(env, 'ALERT_EVALUATE_MS', 60_000) || 60_000,
    alertNotifyMs: wholeNumber(env, 'ALERT_NOTIFY_MS', 2000) || 2000,
    alertRulesFile: env.ALERT_RULES_FILE ? resolve(cwd, env.ALERT_RULES_FILE) : undefined,
  } satisfies Partial<Settings>;
}

/** The capacity plan's prices and saturation point, and the scaling policies. */
function capacitySettings(env: NodeJS.ProcessEnv, cwd: string) {
  return {
    capacityPrices: {
      cpuCoreHour: price(env, 'CAPACITY_CPU_CORE_HOUR_PRICE'),
      diskGbMonth: price(env, 'CAPACITY_DISK_GB_MONTH_PRICE'),
      currency: env.CAPACITY_CURRENCY || 'USD',
    },
    capacitySaturation: price(env, 'CAPACITY_SATURATION_EVENTS_PER_SECOND'),
    scalingPoliciesFile: env.SCALING_POLICIES_FILE ? resolve(cwd, env.SCALING_POLICIES_FILE) : undefined,
  } satisfies Partial<Settings>;
}
