import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createApp } from '../app.ts';
import { storageOn } from '../storage/storage.ts';
import { forEachTestDatabase } from '../storage/test-databases.ts';
import type { Storage } from '../storage/types.ts';

const WRITE = 'pk_write';
const READ = 'sk_read';
const STAFF = 'staff_token_for_tests';
const NOW = Date.parse('2026-11-25T12:00:00Z');
const HOST = 'insights.test';
const ORIGIN = `http://${HOST}`;

forEachTestDatabase('sessions and extension pairing', (open) => {
  let storage: Storage;
  let app: ReturnType<typeof createApp>;
  let clock = NOW;
  beforeEach(async () => {
    vi.stubEnv('FLAGS_FILE', 'server/flags.example.json');
    storage = await storageOn(await open());
    clock = NOW;
    app = createApp({ storage, writeKey: WRITE, readKey: READ, staffTokens: [STAFF], now: () => clock });
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await storage.close();
  });

  const call = async (
    method: string,
    path: string,
    options: { body?: unknown; cookie?: string; bearer?: string; origin?: string; url?: string } = {},
  ) => {
    const headers: Record<string, string> = { Host: HOST };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.cookie) headers.Cookie = `insights_session=${options.cookie}`;
    if (options.bearer) headers.Authorization = `Bearer ${options.bearer}`;
    if (options.origin) headers.Origin = options.origin;
    const response = await app.request(`${options.url ?? ORIGIN}/api${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    return {
      status: response.status,
      cookie: response.headers.get('set-cookie'),
      body: (await response.json()) as Record<string, any>,
    };
  };
  const signIn = async (key: string) => {
    const answer = await call('POST', '/session', { body: { key }, origin: ORIGIN });
    expect(answer.status).toBe(201);
    return /insights_session=([^;]+)/.exec(answer.cookie!)![1]!;
  };

  it('exchanges the read key for an HttpOnly, SameSite=Strict cookie that reads but cannot change', async () => {
    const answer = await call('POST', '/session', { body: { key: READ } });
    expect(answer.body).toEqual({ role: 'reader', expiresAt: NOW + 12 * 3_600_000 });
    expect(answer.cookie).toMatch(/HttpOnly/);
    expect(answer.cookie).toMatch(/SameSite=Strict/);
    expect(answer.cookie).toMatch(/Max-Age=43200/);
    expect(answer.cookie).toMatch(/Path=\/api/);
    expect(answer.cookie).not.toMatch(/Secure/);
    const token = /insights_session=([^;]+)/.exec(answer.cookie!)![1]!;
    const stored = await storage.db.all<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);

    expect((await call('GET', '/session', { cookie: token })).body).toEqual({
      signedIn: true,
      role: 'reader',
      expiresAt: NOW + 12 * 3_600_000,
    });
    expect((await call('GET', '/errors/groups', { cookie: token })).status).toBe(200);
    expect((await call('GET', '/flags/history', { cookie: token })).status).toBe(200);
    expect((await call('GET', '/feedback/nps', { cookie: token })).status).toBe(200);
    const change = await call('PUT', '/flags/definitions/reports-enabled', {
      cookie: token,
      origin: ORIGIN,
      body: { flag: { type: 'boolean', defaultValue: false } },
    });
    expect(change.status).toBe(403);
    expect(change.body.error).toMatch(/read-only/);
  });

  it('marks the cookie Secure when served over HTTPS', async () => {
    const answer = await call('POST', '/session', { body: { key: STAFF }, url: `https://${HOST}` });
    expect(answer.body.role).toBe('staff');
    expect(answer.cookie).toMatch(/Secure/);
  });

  it('refuses a wrong key and the write key with a message, and sets no cookie', async () => {
    const wrong = await call('POST', '/session', { body: { key: 'nope' } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toMatch(/wrong key/);
    expect(wrong.cookie).toBeNull();
    expect((await call('POST', '/session', { body: { key: WRITE } })).body.error).toMatch(/public write key/);
    expect((await call('POST', '/session', { body: {} })).status).toBe(400);
    expect((await call('GET', '/session')).body).toEqual({ signedIn: false });
  });

  it('lets a staff cookie change things only from the same origin', async () => {
    const token = await signIn(STAFF);
    const flag = { flag: { type: 'boolean', defaultValue: false }, note: 'kill switch' };
    const crossSite = await call('PUT', '/flags/definitions/reports-enabled', {
      cookie: token,
      origin: 'https://evil.example',
      body: flag,
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.error).toMatch(/cross-site/);
    expect((await call('PUT', '/flags/definitions/reports-enabled', { cookie: token, body: flag })).status).toBe(403);
    const sameSite = await call('PUT', '/flags/definitions/reports-enabled', {
      cookie: token,
      origin: ORIGIN,
      body: flag,
    });
    expect(sameSite.status).toBe(200);
    const history = await call('GET', '/flags/history', { cookie: token });
    expect(history.body.versions[0].actor).toMatch(/^session:[0-9a-f]{12}$/);
  });

  it('signs out, and an expired session no longer counts', async () => {
    const token = await signIn(READ);
    expect((await call('DELETE', '/session', { cookie: token, origin: ORIGIN })).cookie).toMatch(
      /insights_session=;.*Max-Age=0/,
    );
    expect((await call('GET', '/session', { cookie: token })).body).toEqual({ signedIn: false });
    const other = await signIn(READ);
    clock = NOW + 12 * 3_600_000;
    expect((await call('GET', '/errors/groups', { cookie: other })).status).toBe(401);
  });

  it('pairs the extension: a staff session makes a single-use code that buys a 12-hour staff bearer token', async () => {
    const reader = await signIn(READ);
    expect((await call('POST', '/extension/pairing', { cookie: reader, origin: ORIGIN })).status).toBe(403);
    expect((await call('POST', '/extension/pairing', { bearer: READ })).status).toBe(403);
    expect((await call('POST', '/extension/pairing')).status).toBe(401);
    const staff = await signIn(STAFF);
    const made = await call('POST', '/extension/pairing', { cookie: staff, origin: ORIGIN });
    expect(made.status).toBe(201);
    expect(made.body.code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(made.body.expiresAt).toBe(NOW + 5 * 60_000);

    const paired = await call('POST', '/extension/pair', { body: { code: made.body.code.toLowerCase() } });
    expect(paired.status).toBe(201);
    expect(paired.body).toMatchObject({ endpoint: ORIGIN, role: 'staff', expiresAt: NOW + 12 * 3_600_000 });
    const flag = { flag: { type: 'boolean', defaultValue: true } };
    expect(
      (await call('PUT', '/flags/definitions/reports-enabled', { bearer: paired.body.token, body: flag })).status,
    ).toBe(200);
    expect((await call('GET', '/errors/groups', { bearer: paired.body.token })).status).toBe(200);
    // The extension signs out with its bearer session token: the token stops working.
    expect((await call('DELETE', '/session', { bearer: paired.body.token })).status).toBe(200);
    expect([401, 403]).toContain((await call('GET', '/errors/groups', { bearer: paired.body.token })).status);
    expect((await call('POST', '/extension/pair', { body: { code: made.body.code } })).status).toBe(403);

    const late = await call('POST', '/extension/pairing', { bearer: STAFF });
    clock = NOW + 5 * 60_000;
    const expired = await call('POST', '/extension/pair', { body: { code: late.body.code } });
    expect(expired.status).toBe(403);
    expect(expired.body.error).toMatch(/expired/);
    expect((await call('POST', '/extension/pair', { body: {} })).status).toBe(400);
  });
});
