import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyOverrideToken } from '../../../shared/override-token.ts';
import { createApp } from '../app.ts';
import { openStorage } from '../storage/storage.ts';
import type { Storage } from '../storage/types.ts';

const WRITE = 'pk_write';
const READ = 'sk_read';
const STAFF = 'staff_token_for_tests';
const NOW = 1_700_000_100_000;

describe('flag routes on a real SQLite file', () => {
  let dir: string;
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-flags-'));
    storage = await openStorage({ dataDir: dir });
    vi.stubEnv('FLAGS_FILE', 'server/flags.example.json');
    app = createApp({ storage, writeKey: WRITE, readKey: READ, staffTokens: [STAFF], now: () => NOW });
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (path: string, key = WRITE, headers: Record<string, string> = {}) =>
    app.request(path, { headers: { Authorization: `Bearer ${key}`, ...headers } });
  const send = (method: string, path: string, body: unknown, key = STAFF) =>
    app.request(path, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('serves the flags file as version 1 with an ETag, and 304 when the client has it', async () => {
    const response = await get('/api/flags/config');
    expect(response.status).toBe(200);
    const etag = response.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const body = await response.json();
    expect(body.version).toBe(1);
    expect(Object.keys(body.flags)).toContain('pipeline-layout');
    expect(body.overrideTokenPublicKey).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(body.overrideTokenPublicKey.d).toBeUndefined();

    const again = await get('/api/flags/config', WRITE, { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect((await get('/api/flags/config', WRITE, { 'If-None-Match': '"stale"' })).status).toBe(200);
  });

  it('lets a cross-origin widget revalidate: If-None-Match allowed in the preflight, ETag readable', async () => {
    const preflight = await app.request('/api/flags/config', {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://crm.example.com',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization,if-none-match',
      },
    });
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-none-match');
    const response = await get('/api/flags/config', WRITE, { Origin: 'https://crm.example.com' });
    expect(response.headers.get('access-control-expose-headers')).toContain('ETag');
  });

  it('refuses the config without a key (401) and with a wrong one (403)', async () => {
    expect((await app.request('/api/flags/config')).status).toBe(401);
    expect((await get('/api/flags/config', 'nope')).status).toBe(403);
  });

  it('versions every admin change with who, what and when, and serves the new config at once', async () => {
    const before = await get('/api/flags/config');
    const oldEtag = before.headers.get('etag')!;
    const change = await send('PUT', '/api/flags/definitions/reports-enabled', {
      flag: { type: 'boolean', defaultValue: false, description: 'Kill switch for the Reports page.' },
      author: 'qa@example.com',
      note: 'reports are slow today',
      baseVersion: 1,
    });
    expect(change.status).toBe(200);
    expect(await change.json()).toMatchObject({ version: 2 });

    const after = await get('/api/flags/config', WRITE, { 'If-None-Match': oldEtag });
    expect(after.status).toBe(200);
    expect((await after.json()).flags['reports-enabled'].defaultValue).toBe(false);

    const history = await (await get('/api/flags/history', READ)).json();
    expect(history.versions).toHaveLength(2);
    expect(history.versions[0]).toMatchObject({
      version: 2,
      actor: expect.stringMatching(/^staff:[0-9a-f]{12}$/),
      author: 'qa@example.com',
      note: 'reports are slow today',
      change: { kind: 'set-flag', added: [], removed: [], changed: ['reports-enabled'] },
      createdAt: NOW,
    });
    expect(history.versions[1]).toMatchObject({
      version: 1,
      actor: 'file',
      change: { kind: 'file', file: { path: expect.stringContaining('flags.example.json') } },
    });
    const first = await (await get('/api/flags/history/1', STAFF)).json();
    expect(first.config.flags['reports-enabled'].defaultValue).toBe(true);

    const removed = await app.request('/api/flags/definitions/welcome-banner?note=unused', {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${STAFF}` },
    });
    expect(await removed.json()).toMatchObject({ version: 3 });
    expect((await (await get('/api/flags/history/3', READ)).json()).change).toMatchObject({
      kind: 'delete-flag',
      removed: ['welcome-banner'],
    });
  });

  it.each([
    [
      'a write key',
      WRITE,
      { flag: { type: 'boolean', defaultValue: true } },
      403,
      'wrong key: this route takes a staff token',
    ],
    [
      'a bad flag',
      STAFF,
      { flag: { type: 'boolean', defaultValue: 'yes' } },
      400,
      expect.stringContaining('flags.reports-enabled.defaultValue: must be a boolean'),
    ],
    ['no flag', STAFF, { note: 'x' }, 400, 'body.flag must be a flag definition: { "type", "defaultValue", "rules"? }'],
    [
      'a stale base version',
      STAFF,
      { flag: { type: 'boolean', defaultValue: true }, baseVersion: 7 },
      409,
      'the config is at version 1, not 7: reload it and apply the change again',
    ],
  ])('refuses an admin change with %s', async (_, key, body, status, error) => {
    const response = await send('PUT', '/api/flags/definitions/reports-enabled', body, key);
    expect(response.status).toBe(status);
    expect((await response.json()).error).toEqual(error);
    expect((await (await get('/api/flags/history', READ)).json()).versions).toHaveLength(1);
  });

  it('replaces the whole config and names bad fields of a bad one', async () => {
    const bad = await send('PUT', '/api/flags/config', {
      config: {
        flags: { x: { type: 'string', defaultValue: 'a', rules: [{ variations: ['a', 'b'], weights: [0.9, 0.9] }] } },
      },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).items).toEqual([
      { index: 0, message: 'flags.x.rules[0].weights: must add up to 1, they add up to 1.8' },
    ]);
    const good = await send('PUT', '/api/flags/config', {
      config: { flags: { x: { type: 'number', defaultValue: 1 } } },
    });
    expect(await good.json()).toMatchObject({ version: 2 });
    expect(Object.keys((await (await get('/api/flags/config')).json()).flags)).toEqual(['x']);
  });

  it('issues override tokens to staff only, verifiable with the public key from the config', async () => {
    expect((await send('POST', '/api/flags/override-token', {}, WRITE)).status).toBe(403);
    const aid = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    expect(
      (
        await send('POST', '/api/flags/override-token', {
          origin: 'http://127.0.0.1:8787',
          anonymousId: aid,
          ttlMinutes: 61,
        })
      ).status,
    ).toBe(400);
    const noOrigin = await send('POST', '/api/flags/override-token', { anonymousId: aid });
    expect(noOrigin.status).toBe(400);
    expect((await noOrigin.json()).error).toMatch(/origin is required/);
    const noBrowser = await send('POST', '/api/flags/override-token', { origin: 'http://127.0.0.1:8787' });
    expect(noBrowser.status).toBe(400);
    expect((await noBrowser.json()).error).toMatch(/anonymousId is required/);
    const response = await send('POST', '/api/flags/override-token', {
      origin: 'http://127.0.0.1:8787',
      anonymousId: aid,
      ttlMinutes: 30,
    });
    expect(response.status).toBe(200);
    const { token, expiresAt } = await response.json();
    expect(expiresAt).toBe(NOW + 30 * 60_000);
    const { overrideTokenPublicKey } = await (await get('/api/flags/config')).json();
    const check = await verifyOverrideToken(token, overrideTokenPublicKey, {
      now: NOW + 1000,
      origin: 'http://127.0.0.1:8787',
      anonymousId: aid,
    });
    expect(check).toEqual({
      ok: true,
      claims: {
        sub: expect.stringMatching(/^staff:/),
        iat: NOW,
        exp: NOW + 1_800_000,
        origin: 'http://127.0.0.1:8787',
        aid,
      },
    });
    // The same token replayed in another visitor's browser, or on another origin, is refused.
    expect(
      await verifyOverrideToken(token, overrideTokenPublicKey, {
        now: NOW + 1000,
        origin: 'http://127.0.0.1:8787',
        anonymousId: 'someone-else',
      }),
    ).toMatchObject({ ok: false });
    expect(
      await verifyOverrideToken(token, overrideTokenPublicKey, {
        now: NOW + 1000,
        origin: 'http://127.0.0.1:9999',
        anonymousId: aid,
      }),
    ).toMatchObject({ ok: false });
  });
});

describe('the flags file', () => {
  let dir: string;
  let storage: Storage;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-insights-flags-file-'));
    storage = await openStorage({ dataDir: dir });
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops the app from starting with an error naming the file and every bad field', () => {
    const file = join(dir, 'flags.json');
    writeFileSync(
      file,
      JSON.stringify({
        flags: {
          'pipeline-layout': {
            type: 'string',
            defaultValue: 3,
            rules: [{ variations: ['control', 'B'], weights: [0.5] }],
          },
        },
      }),
    );
    vi.stubEnv('FLAGS_FILE', file);
    expect(() => createApp({ storage, writeKey: WRITE, readKey: READ })).toThrow(
      `FLAGS_FILE ${file} is invalid:\n  flags.pipeline-layout.defaultValue: must be a string (the flag's type), got number 3\n  flags.pipeline-layout.rules[0].weights: must be 2 numbers from 0 to 1, one per variation`,
    );
  });

  it.each([
    ['missing', undefined, 'cannot be read'],
    ['not JSON', '{ flags: ', 'is not valid JSON'],
  ])('refuses a file that is %s', (_, content, message) => {
    const file = join(dir, 'flags.json');
    if (content !== undefined) writeFileSync(file, content);
    vi.stubEnv('FLAGS_FILE', file);
    expect(() => createApp({ storage, writeKey: WRITE, readKey: READ })).toThrow(message);
  });

  it('imports an edited file as a new version on restart, and an unchanged one not again', async () => {
    const file = join(dir, 'flags.json');
    vi.stubEnv('FLAGS_FILE', file);
    const versions = async () => {
      const app = createApp({ storage, writeKey: WRITE, readKey: READ });
      await app.request('/api/flags/config', { headers: { Authorization: `Bearer ${WRITE}` } });
      const history = await app.request('/api/flags/history', { headers: { Authorization: `Bearer ${READ}` } });
      return (await history.json()).versions.map(
        (entry: { version: number; change: { added: string[]; changed: string[] } }) => [
          entry.version,
          entry.change.added,
          entry.change.changed,
        ],
      );
    };
    writeFileSync(file, JSON.stringify({ flags: { a: { type: 'boolean', defaultValue: false } } }));
    expect(await versions()).toEqual([[1, ['a'], []]]);
    // A restart is a new app over the same database; the store is per storage, so reopen it.
    await storage.close();
    storage = await openStorage({ dataDir: dir });
    expect(await versions()).toEqual([[1, ['a'], []]]);
    await storage.close();
    storage = await openStorage({ dataDir: dir });
    writeFileSync(file, JSON.stringify({ flags: { a: { type: 'boolean', defaultValue: true } } }));
    expect(await versions()).toEqual([
      [2, [], ['a']],
      [1, ['a'], []],
    ]);
  });
});
