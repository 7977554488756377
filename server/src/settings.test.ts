import { mkdtempSync, rmSync } from 'node:fs';
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

it('reads the server settings, with their defaults', () => {
  expect(readSettings({ ...keys, DATA_DIR: dir }, dir)).toMatchObject({
    staffTokens: [],
    allowedOrigins: [],
    rateLimitPerMinute: 1200,
    trustProxy: 0,
    storageQuotas: { bugReportBytesPerDay: 64 * 1024 * 1024, feedbackBytesPerDay: 16 * 1024 * 1024 },
    requestTimeoutMs: 30_000,
    retentionDays: 90,
    databaseUrl: undefined,
  });
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
