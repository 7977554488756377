import { describe, expect, it } from 'vitest';
import { createOverrideKeyPair, signOverrideToken, verifyOverrideToken } from './override-token.ts';

const NOW = Date.UTC(2026, 0, 1);
const ORIGIN = 'https://crm.example.com';
const AID = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

describe('override token', async () => {
  const keys = await createOverrideKeyPair();
  const other = await createOverrideKeyPair();
  const claims = { sub: 'qa@example.com', iat: NOW, exp: NOW + 3_600_000, origin: ORIGIN, aid: AID };
  const token = await signOverrideToken(claims, keys.privateKey);
  const here = { origin: ORIGIN, anonymousId: AID };

  it('verifies with the public key alone and returns the claims', async () => {
    expect(keys.publicKey.d).toBeUndefined();
    await expect(verifyOverrideToken(token, keys.publicKey, { now: NOW + 1000, ...here })).resolves.toEqual({
      ok: true,
      claims,
    });
  });

  const tampered = token.replace(
    /^ot1\.[^.]+/,
    `ot1.${btoa(JSON.stringify({ ...claims, sub: 'attacker' })).replace(/=+$/, '')}`,
  );
  it.each([
    ['expired', token, keys.publicKey, { now: NOW + 3_600_000, ...here }, 'token has expired'],
    ['another key', token, other.publicKey, { now: NOW, ...here }, 'signature does not verify'],
    ['tampered claims', tampered, keys.publicKey, { now: NOW, ...here }, 'signature does not verify'],
    [
      'another origin',
      token,
      keys.publicKey,
      { now: NOW, origin: 'https://evil.example', anonymousId: AID },
      'token is for https://crm.example.com, not https://evil.example',
    ],
    [
      'leaked to another browser',
      token,
      keys.publicKey,
      { now: NOW, origin: ORIGIN, anonymousId: 'another-visitor' },
      'token is for another browser (anonymous id)',
    ],
    [
      'checked without an origin',
      token,
      keys.publicKey,
      { now: NOW, origin: undefined, anonymousId: AID },
      'the verifier needs the page origin and anonymous id',
    ],
    [
      'checked without an anonymous id',
      token,
      keys.publicKey,
      { now: NOW, origin: ORIGIN, anonymousId: undefined },
      'the verifier needs the page origin and anonymous id',
    ],
    [
      'not a token',
      'hello',
      keys.publicKey,
      { now: NOW, ...here },
      'token is not of the form ot1.<claims>.<signature>',
    ],
    ['not a string', 42, keys.publicKey, { now: NOW, ...here }, 'token is not a string of at most 2048 characters'],
    [
      'unsigned',
      `${token.split('.').slice(0, 2).join('.')}.`,
      keys.publicKey,
      { now: NOW, ...here },
      'signature does not verify',
    ],
  ] as const)('refuses a token that is %s', async (_, given, publicKey, options, reason) => {
    await expect(verifyOverrideToken(given, publicKey, options)).resolves.toEqual({ ok: false, reason });
  });

  it('refuses a validly signed token that lives longer than 1 hour', async () => {
    const long = await signOverrideToken({ ...claims, exp: NOW + 61 * 60_000 }, keys.privateKey);
    await expect(verifyOverrideToken(long, keys.publicKey, { now: NOW, ...here })).resolves.toEqual({
      ok: false,
      reason: 'token lives longer than 1 hour',
    });
  });

  it('is never issued without an origin or an anonymous id', async () => {
    await expect(signOverrideToken({ ...claims, origin: '' }, keys.privateKey)).rejects.toThrow(/needs an origin/);
    await expect(signOverrideToken({ ...claims, aid: '' }, keys.privateKey)).rejects.toThrow(/anonymous id/);
  });

  it('refuses a validly signed token whose claims lack an origin (issued before origins were required)', async () => {
    const body = `ot1.${btoa(JSON.stringify({ sub: 'qa', iat: NOW, exp: NOW + 60_000 })).replace(/=+$/, '')}`;
    const key = await crypto.subtle.importKey('jwk', keys.privateKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
    ]);
    const signature = new Uint8Array(
      await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, new TextEncoder().encode(body)),
    );
    const legacy = `${body}.${btoa(String.fromCharCode(...signature))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')}`;
    await expect(verifyOverrideToken(legacy, keys.publicKey, { now: NOW, ...here })).resolves.toEqual({
      ok: false,
      reason: 'token is for no origin, not https://crm.example.com',
    });
  });
});
