import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllowList } from './outbound/address-policy.ts';
import type { AnalyticsEngineOptions } from './analytics/engine/analytics-engine.ts';
import { DEFAULT_STORAGE_QUOTAS } from './feedback/storage-quota.ts';
import type { StorageQuotas } from './feedback/storage-quota.ts';
import { LOG_LEVELS } from './request-log.ts';

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

interface Keys {
  writeKey: string;
  readKey: string;
}

/**
 * Reads settings from the environment. Keys that are not given are generated once and kept in
 * `DATA_DIR/keys.json`, so a restart keeps the same keys and nothing ever runs with a guessable default.
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Settings {
  const port = Number(env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be 0-65535, got "${env.PORT}"`);
  const dataDir = resolve(cwd, env.DATA_DIR ?? '.data');
  mkdirSync(dataDir, { recursive: true });
  const stored = loadOrCreateKeys(join(dataDir, 'keys.json'));
  const generatedKeys: Settings['generatedKeys'] = [];
  if (!env.INSIGHTS_WRITE_KEY) generatedKeys.push('writeKey');
  if (!env.INSIGHTS_READ_KEY) generatedKeys.push('readKey');
  const writeKey = env.INSIGHTS_WRITE_KEY || stored.writeKey;
  const readKey = env.INSIGHTS_READ_KEY || stored.readKey;
  if (writeKey === readKey)
    throw new Error('INSIGHTS_WRITE_KEY and INSIGHTS_READ_KEY must differ: the write key is public');
  if (list(env.INSIGHTS_STAFF_TOKENS).some((token) => token === writeKey || token === readKey)) {
    throw new Error('INSIGHTS_STAFF_TOKENS must differ from the write and read keys');
  }
  return {
    host: env.HOST || '127.0.0.1',
    port,
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    writeKey,
    readKey,
    publicDir: resolve(cwd, env.PUBLIC_DIR ?? 'dist/public'),
    generatedKeys,
    staffTokens: list(env.INSIGHTS_STAFF_TOKENS),
    allowedOrigins: list(env.INSIGHTS_ALLOWED_ORIGINS),
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
    metricsToken: env.INSIGHTS_METRICS_TOKEN || undefined,
    metricsListen: listenAddress(env.METRICS_LISTEN, 'METRICS_LISTEN'),
    metricsSampleMs: wholeNumber(env, 'METRICS_SAMPLE_MS', 10_000),
    logLevel: logLevelSetting(env.LOG_LEVEL),
    smtpUrl: env.SMTP_URL || undefined,
    rateLimitStore: rateLimitStoreSetting(env.RATE_LIMIT_STORE),
    alertEmailFrom: env.ALERT_EMAIL_FROM || undefined,
    publicUrl: env.INSIGHTS_PUBLIC_URL || undefined,
    alertEvaluateMs: wholeNumber(env, 'ALERT_EVALUATE_MS', 60_000) || 60_000,
    alertNotifyMs: wholeNumber(env, 'ALERT_NOTIFY_MS', 2000) || 2000,
    capacityPrices: {
      cpuCoreHour: price(env, 'CAPACITY_CPU_CORE_HOUR_PRICE'),
      diskGbMonth: price(env, 'CAPACITY_DISK_GB_MONTH_PRICE'),
      currency: env.CAPACITY_CURRENCY || 'USD',
    },
    capacitySaturation: price(env, 'CAPACITY_SATURATION_EVENTS_PER_SECOND'),
    scalingPoliciesFile: env.SCALING_POLICIES_FILE ? resolve(cwd, env.SCALING_POLICIES_FILE) : undefined,
    alertRulesFile: env.ALERT_RULES_FILE ? resolve(cwd, env.ALERT_RULES_FILE) : undefined,
    analytics: analyticsSettings(env, dataDir),
  };
}

/** The `ANALYTICS_*` variables; unset ones keep the engine's defaults. */
function analyticsSettings(env: NodeJS.ProcessEnv, dataDir: string): AnalyticsEngineOptions {
  const positive = (name: string) => {
    const value = env[name] ? wholeNumber(env, name, 0) : undefined;
    if (value === 0) throw new Error(`${name} must be 1 or more, got "${env[name]}"`);
    return value;
  };
  const memoryLimit = env.ANALYTICS_MEMORY_LIMIT || undefined;
  if (memoryLimit && !/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i.test(memoryLimit))
    throw new Error(`ANALYTICS_MEMORY_LIMIT must be a size like 256MB or 1GB, got "${memoryLimit}"`);
  return {
    projectionFile:
      env.ANALYTICS_DB === ':memory:' ? ':memory:' : resolve(dataDir, env.ANALYTICS_DB || 'analytics.duckdb'),
    timeoutMs: positive('ANALYTICS_TIMEOUT_MS'),
    maxQueued: env.ANALYTICS_QUEUE ? wholeNumber(env, 'ANALYTICS_QUEUE', 0) : undefined,
    concurrency: positive('ANALYTICS_CONCURRENCY'),
    threads: positive('ANALYTICS_THREADS'),
    memoryLimit,
    heapMb: positive('ANALYTICS_HEAP_MB'),
    allocatorDecayMs: allocatorDecaySetting(env),
    batchSize: positive('ANALYTICS_BATCH'),
    pollMs: positive('ANALYTICS_POLL_MS'),
    projectorDelayMs: env.ANALYTICS_PROJECTOR_DELAY_MS
      ? wholeNumber(env, 'ANALYTICS_PROJECTOR_DELAY_MS', 0)
      : undefined,
  };
}

/** `ANALYTICS_ALLOCATOR_DECAY_MS`: 0 (freed memory returned at once) to an hour; unset keeps the engine's default. */
function allocatorDecaySetting(env: NodeJS.ProcessEnv): number | undefined {
  if (!env.ANALYTICS_ALLOCATOR_DECAY_MS) return undefined;
  const value = wholeNumber(env, 'ANALYTICS_ALLOCATOR_DECAY_MS', 0);
  if (value > 3_600_000)
    throw new Error(
      `ANALYTICS_ALLOCATOR_DECAY_MS must be at most 3600000 (an hour), got "${env.ANALYTICS_ALLOCATOR_DECAY_MS}"`,
    );
  return value;
}

function outboundAllowSetting(value: string | undefined): string[] {
  const entries = list(value);
  try {
    parseAllowList(entries);
  } catch (error) {
    throw new Error(`INSIGHTS_OUTBOUND_ALLOW: ${(error as Error).message}`);
  }
  return entries;
}

function trackingPlanSetting(value: string | undefined): Pick<Settings, 'trackingPlan'> {
  if (value === undefined || value === '' || value === 'crm') return {};
  if (value === 'off') return { trackingPlan: false };
  throw new Error(`TRACKING_PLAN must be "crm" (the default) or "off", got "${value}"`);
}

/** `TRUST_PROXY`: a number of proxies, `true` for one, `false` or nothing for none. */
function trustedProxies(value: string | undefined): number {
  if (value === undefined || value === '' || value === 'false') return 0;
  if (value === 'true') return 1;
  if (!/^\d{1,2}$/.test(value))
    throw new Error(
      `TRUST_PROXY must be the number of proxies in front (0-99), "true" (one) or "false", got "${value}"`,
    );
  return Number(value);
}

function price(env: NodeJS.ProcessEnv, name: string): number {
  const value = env[name];
  if (value === undefined || value === '') return 0;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`${name} must be a non-negative number, got "${value}"`);
  return number;
}

function rateLimitStoreSetting(value: string | undefined): Settings['rateLimitStore'] {
  if (value === undefined || value === '') return undefined;
  if (value !== 'memory' && value !== 'database')
    throw new Error(`RATE_LIMIT_STORE must be "memory" or "database", got "${value}"`);
  return value;
}

function logLevelSetting(value: string | undefined): Settings['logLevel'] {
  if (value === undefined || value === '') return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(value))
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  return value as Settings['logLevel'];
}

function listenAddress(value: string | undefined, name: string): Settings['metricsListen'] {
  if (!value) return undefined;
  const match = /^(.+):(\d{1,5})$/.exec(value);
  const port = Number(match?.[2]);
  if (!match || port > 65535) throw new Error(`${name} must be host:port, e.g. 127.0.0.1:9464, got "${value}"`);
  return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return number;
}

function loadOrCreateKeys(file: string): Keys {
  if (existsSync(file)) {
    const keys = JSON.parse(readFileSync(file, 'utf8')) as Partial<Keys>;
    if (typeof keys.writeKey === 'string' && typeof keys.readKey === 'string') return keys as Keys;
  }
  const keys: Keys = {
    writeKey: `pk_${randomBytes(12).toString('hex')}`,
    readKey: `sk_${randomBytes(24).toString('hex')}`,
  };
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
