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
  expect(readSettings({ ...keys, DATA_DIR: dir }, dir)).toMatchObject({ staffTokens: [], allowedOrigins: [], rateLimitPerMinute: 1200, trustProxy: false, retentionDays: 90, databaseUrl: undefined });
  const settings = readSettings(
    { ...keys, DATA_DIR: dir, INSIGHTS_STAFF_TOKENS: ' st_1, st_2 ,', INSIGHTS_ALLOWED_ORIGINS: 'https://crm.test,https://eu.crm.test', RATE_LIMIT_PER_MINUTE: '0', TRUST_PROXY: 'true', RETENTION_DAYS: '0', DATABASE_URL: 'postgres://x/y' },
    dir,
  );
  expect(settings).toMatchObject({ staffTokens: ['st_1', 'st_2'], allowedOrigins: ['https://crm.test', 'https://eu.crm.test'], rateLimitPerMinute: 0, trustProxy: true, retentionDays: 0, databaseUrl: 'postgres://x/y' });
});

it('checks ingested events against the CRM plan unless TRACKING_PLAN=off', () => {
  expect(readSettings({ ...keys, DATA_DIR: dir }, dir).trackingPlan).toBeUndefined();
  expect(readSettings({ ...keys, DATA_DIR: dir, TRACKING_PLAN: 'crm' }, dir).trackingPlan).toBeUndefined();
  expect(readSettings({ ...keys, DATA_DIR: dir, TRACKING_PLAN: 'off' }, dir).trackingPlan).toBe(false);
});

it('reads the outbound allow-list, empty by default', () => {
  expect(readSettings({ ...keys, DATA_DIR: dir }, dir).outboundAllow).toEqual([]);
  expect(readSettings({ ...keys, DATA_DIR: dir, INSIGHTS_OUTBOUND_ALLOW: ' hooks.internal, 10.0.0.0/8 ,*.corp.example' }, dir).outboundAllow).toEqual(['hooks.internal', '10.0.0.0/8', '*.corp.example']);
});

it.each([
  [{ RATE_LIMIT_PER_MINUTE: 'lots' }, /RATE_LIMIT_PER_MINUTE must be a whole number, got "lots"/],
  [{ RETENTION_DAYS: '-1' }, /RETENTION_DAYS must be a whole number/],
  [{ INSIGHTS_STAFF_TOKENS: 'sk_a' }, /INSIGHTS_STAFF_TOKENS must differ from the write and read keys/],
  [{ TRACKING_PLAN: 'mine' }, /TRACKING_PLAN must be "crm" \(the default\) or "off", got "mine"/],
  [{ INSIGHTS_OUTBOUND_ALLOW: '127.0.0.1, 10.0.0.0/33' }, /INSIGHTS_OUTBOUND_ALLOW: outbound allow-list entry "10.0.0.0\/33": the prefix length must be 0-32/],
  [{ INSIGHTS_OUTBOUND_ALLOW: 'http://hooks.internal' }, /INSIGHTS_OUTBOUND_ALLOW: outbound allow-list entry "http:\/\/hooks.internal" is neither a hostname/],
])('refuses %o', (env, message) => {
  expect(() => readSettings({ ...keys, DATA_DIR: dir, ...env }, dir)).toThrow(message);
});
