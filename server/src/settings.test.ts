import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readSettings } from './settings.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-insights-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const keys = { INSIGHTS_WRITE_KEY: 'pk_a', INSIGHTS_READ_KEY: 'sk_a' };
const SERVER_DEFAULTS = {
  staffTokens: [],
  allowedOrigins: [],
  rateLimitPerMinute: 1200,
  trustProxy: 0,
  storageQuotas: { bugReportBytesPerDay: 64 * 1024 * 1024, feedbackBytesPerDay: 16 * 1024 * 1024 },
  requestTimeoutMs: 30_000,
  retentionDays: 90,
  databaseUrl: undefined,
};

it('reads the server settings, with their defaults', () => {
  expect(readSettings({ ...keys, DATA_DIR: dir }, dir)).toMatchObject(SERVER_DEFAULTS);
  const settings = readSettings(
    {
      ...keys,
      DATA_DIR: dir,
      INSIGHTS_STAFF_TOKENS: ' st_1, st_2 ,',
      INSIGHTS_ALLOWED_ORIGINS: 'https://crm.test,https://eu.crm.test',
      RATE_LIMIT_PER_MINUTE: '0',
      TRUST_PROXY: 'true',
      RETENTION_DAYS: '0',
      DATABASE_URL: 'postgres://x/y',
    },
    dir,
  );
  expect(settings).toMatchObject({
    staffTokens: ['st_1', 'st_2'],
    allowedOrigins: ['https://crm.test', 'https://eu.crm.test'],
    rateLimitPerMinute: 0,
    trustProxy: 1,
    retentionDays: 0,
    databaseUrl: 'postgres://x/y',
  });
});

it('checks ingested events against the CRM plan unless TRACKING_PLAN=off', () => {
  expect(readSettings({ ...keys, DATA_DIR: dir }, dir).trackingPlan).toBeUndefined();
  expect(readSettings({ ...keys, DATA_DIR: dir, TRACKING_PLAN: 'crm' }, dir).trackingPlan).toBeUndefined();
  expect(readSettings({ ...keys, DATA_DIR: dir, TRACKING_PLAN: 'off' }, dir).trackingPlan).toBe(false);
});

it('reads the outbound allow-list, empty by default', () => {
  expect(readSettings({ ...keys, DATA_DIR: dir }, dir).outboundAllow).toEqual([]);
  expect(
    readSettings(
      { ...keys, DATA_DIR: dir, INSIGHTS_OUTBOUND_ALLOW: ' hooks.internal, 10.0.0.0/8 ,*.corp.example' },
      dir,
    ).outboundAllow,
  ).toEqual(['hooks.internal', '10.0.0.0/8', '*.corp.example']);
});

it('reads the analytics engine settings: a projection file in DATA_DIR and the defaults unless given', () => {
  expect(readSettings({ ...keys, DATA_DIR: dir }, dir).analytics).toEqual(
    expect.objectContaining({
      projectionFile: join(dir, 'analytics.duckdb'),
      timeoutMs: undefined,
      maxQueued: undefined,
    }),
  );
  const env = {
    ANALYTICS_DB: ':memory:',
    ANALYTICS_TIMEOUT_MS: '2000',
    ANALYTICS_QUEUE: '0',
    ANALYTICS_CONCURRENCY: '3',
    ANALYTICS_THREADS: '1',
    ANALYTICS_MEMORY_LIMIT: '1GB',
    ANALYTICS_BATCH: '500',
    ANALYTICS_POLL_MS: '100',
    ANALYTICS_PROJECTOR_DELAY_MS: '60000',
    ANALYTICS_ALLOCATOR_DECAY_MS: '0',
  };
  expect(readSettings({ ...keys, DATA_DIR: dir, ...env }, dir).analytics).toEqual({
    projectionFile: ':memory:',
    timeoutMs: 2000,
    maxQueued: 0,
    concurrency: 3,
    threads: 1,
    memoryLimit: '1GB',
    batchSize: 500,
    pollMs: 100,
    projectorDelayMs: 60000,
    allocatorDecayMs: 0,
  });
});

it.each([
  [{ ANALYTICS_TIMEOUT_MS: '0' }, /ANALYTICS_TIMEOUT_MS must be 1 or more, got "0"/],
  [{ ANALYTICS_CONCURRENCY: 'two' }, /ANALYTICS_CONCURRENCY must be a whole number, got "two"/],
  [{ ANALYTICS_MEMORY_LIMIT: 'lots' }, /ANALYTICS_MEMORY_LIMIT must be a size like 256MB or 1GB, got "lots"/],
  [{ ANALYTICS_ALLOCATOR_DECAY_MS: '1.5' }, /ANALYTICS_ALLOCATOR_DECAY_MS must be a whole number, got "1.5"/],
  [{ ANALYTICS_ALLOCATOR_DECAY_MS: '4000000' }, /ANALYTICS_ALLOCATOR_DECAY_MS must be at most 3600000 \(an hour\)/],
  [{ RATE_LIMIT_PER_MINUTE: 'lots' }, /RATE_LIMIT_PER_MINUTE must be a whole number, got "lots"/],
  [{ RETENTION_DAYS: '-1' }, /RETENTION_DAYS must be a whole number/],
  [{ INSIGHTS_STAFF_TOKENS: 'sk_a' }, /INSIGHTS_STAFF_TOKENS must differ from the write and read keys/],
  [{ TRACKING_PLAN: 'mine' }, /TRACKING_PLAN must be "crm" \(the default\) or "off", got "mine"/],
  [
    { INSIGHTS_OUTBOUND_ALLOW: '127.0.0.1, 10.0.0.0/33' },
    /INSIGHTS_OUTBOUND_ALLOW: outbound allow-list entry "10.0.0.0\/33": the prefix length must be 0-32/,
  ],
  [
    { INSIGHTS_OUTBOUND_ALLOW: 'http://hooks.internal' },
    /INSIGHTS_OUTBOUND_ALLOW: outbound allow-list entry "http:\/\/hooks.internal" is neither a hostname/,
  ],
  [{ PORT: '70000' }, /PORT must be 0-65535, got "70000"/],
  [{ INSIGHTS_READ_KEY: 'pk_a' }, /INSIGHTS_WRITE_KEY and INSIGHTS_READ_KEY must differ/],
  [{ METRICS_LISTEN: '9464' }, /METRICS_LISTEN must be host:port/],
  [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of/],
  [{ RATE_LIMIT_STORE: 'redis' }, /RATE_LIMIT_STORE must be "memory" or "database", got "redis"/],
  [{ CAPACITY_DISK_GB_MONTH_PRICE: '-1' }, /CAPACITY_DISK_GB_MONTH_PRICE must be a non-negative number/],
  // With several bad variables, the first one read is the one named.
  [{ LOG_LEVEL: 'loud', RATE_LIMIT_STORE: 'redis', ALERT_NOTIFY_MS: 'soon' }, /LOG_LEVEL must be one of/],
  [{ RATE_LIMIT_STORE: 'redis', ALERT_NOTIFY_MS: 'soon' }, /RATE_LIMIT_STORE must be/],
  [{ ALERT_NOTIFY_MS: 'soon', CAPACITY_CPU_CORE_HOUR_PRICE: 'x' }, /ALERT_NOTIFY_MS/],
])('refuses %o', (env, message) => {
  expect(() => readSettings({ ...keys, DATA_DIR: dir, ...env }, dir)).toThrow(message);
});

it('reads TRUST_PROXY as a number of proxies, and the quotas and request timeout from the environment', () => {
  const read = (env: Record<string, string>) => readSettings({ ...keys, DATA_DIR: dir, ...env }, dir);
  expect(
    read({
      TRUST_PROXY: '2',
      INSIGHTS_BUG_REPORT_QUOTA_BYTES: '1000',
      INSIGHTS_FEEDBACK_QUOTA_BYTES: '0',
      REQUEST_TIMEOUT_MS: '5000',
    }),
  ).toMatchObject({
    trustProxy: 2,
    storageQuotas: { bugReportBytesPerDay: 1000, feedbackBytesPerDay: 0 },
    requestTimeoutMs: 5000,
  });
  expect(read({ TRUST_PROXY: 'false' }).trustProxy).toBe(0);
  expect(() => read({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY must be the number of proxies in front/);
});

it('reads every variable into its setting, and keeps generated keys in DATA_DIR/keys.json', () => {
  const env = {
    DATA_DIR: 'data',
    PORT: '9000',
    HOST: '0.0.0.0',
    PUBLIC_DIR: 'public',
    INSIGHTS_WRITE_KEY: 'pk_given',
    METRICS_LISTEN: '[::1]:9464',
    INSIGHTS_METRICS_TOKEN: 'mt',
    METRICS_SAMPLE_MS: '0',
    LOG_LEVEL: 'warn',
    SMTP_URL: 'smtp://mail.example.com:587',
    RATE_LIMIT_STORE: 'memory',
    WEBHOOK_CLAIM_MS: '5000',
    ALERT_EMAIL_FROM: 'alerts@example.com',
    INSIGHTS_PUBLIC_URL: 'https://insights.example.com',
    ALERT_EVALUATE_MS: '0',
    ALERT_NOTIFY_MS: '500',
    CAPACITY_CPU_CORE_HOUR_PRICE: '0.05',
    CAPACITY_DISK_GB_MONTH_PRICE: '0.1',
    CAPACITY_CURRENCY: 'EUR',
    CAPACITY_SATURATION_EVENTS_PER_SECOND: '1500',
    SCALING_POLICIES_FILE: 'scaling.json',
    ALERT_RULES_FILE: 'rules.json',
  };
  const settings = readSettings(env, dir);
  const stored = JSON.parse(readFileSync(join(dir, 'data', 'keys.json'), 'utf8')) as { readKey: string };
  expect(settings).toEqual({
    host: '0.0.0.0',
    port: 9000,
    dataDir: join(dir, 'data'),
    writeKey: 'pk_given',
    readKey: stored.readKey,
    publicDir: join(dir, 'public'),
    generatedKeys: ['readKey'],
    ...SERVER_DEFAULTS,
    outboundAllow: [],
    metricsToken: 'mt',
    metricsListen: { host: '::1', port: 9464 },
    metricsSampleMs: 0,
    logLevel: 'warn',
    smtpUrl: 'smtp://mail.example.com:587',
    rateLimitStore: 'memory',
    webhookClaimMs: 5000,
    alertEmailFrom: 'alerts@example.com',
    publicUrl: 'https://insights.example.com',
    alertEvaluateMs: 60_000,
    alertNotifyMs: 500,
    capacityPrices: { cpuCoreHour: 0.05, diskGbMonth: 0.1, currency: 'EUR' },
    capacitySaturation: 1500,
    scalingPoliciesFile: join(dir, 'scaling.json'),
    alertRulesFile: join(dir, 'rules.json'),
    analytics: expect.objectContaining({ projectionFile: join(dir, 'data', 'analytics.duckdb') }),
  });
  expect(stored.readKey).toMatch(/^sk_[0-9a-f]{48}$/);
  expect(readSettings(env, dir).readKey).toBe(stored.readKey);
});

it('defaults the address, the public dir, the log level and the alert timers', () => {
  expect(readSettings({ ...keys, DATA_DIR: dir }, dir)).toMatchObject({
    host: '127.0.0.1',
    port: 8787,
    publicDir: join(dir, 'dist/public'),
    generatedKeys: [],
    metricsToken: undefined,
    metricsListen: undefined,
    metricsSampleMs: 10_000,
    logLevel: 'info',
    rateLimitStore: undefined,
    webhookClaimMs: 30_000,
    alertEvaluateMs: 60_000,
    alertNotifyMs: 2000,
    capacityPrices: { cpuCoreHour: 0, diskGbMonth: 0, currency: 'USD' },
    capacitySaturation: 0,
    scalingPoliciesFile: undefined,
    alertRulesFile: undefined,
  });
});
