import { describe, expect, it } from 'vitest';
import { createOverrideKeyPair, signOverrideToken, verifyOverrideToken } from './override-token.ts';

const NOW = Date.UTC(2026, 0, 1);

describe('override token', async () => {
  const keys = await createOverrideKeyPair();
  const other = await createOverrideKeyPair();
  const claims = { sub: 'qa@example.com', iat: NOW, exp: NOW + 3_600_000, origin: 'https://crm.example.com' };
  const token = await signOverrideToken(claims, keys.privateKey);

  it('verifies with the public key alone and returns the claims', async () => {
    expect(keys.publicKey.d).toBeUndefined();
    await expect(verifyOverrideToken(token, keys.publicKey, { now: NOW + 1000, origin: 'https://crm.example.com' })).resolves.toEqual({ ok: true, claims });
  });

  const tampered = token.replace(/^ot1\.[^.]+/, `ot1.${btoa(JSON.stringify({ ...claims, sub: 'attacker' })).replace(/=+$/, '')}`);
  it.each([
    ['expired', token, keys.publicKey, { now: NOW + 3_600_000 }, 'token has expired'],
    ['another key', token, other.publicKey, { now: NOW }, 'signature does not verify'],
    ['tampered claims', tampered, keys.publicKey, { now: NOW }, 'signature does not verify'],
    ['another origin', token, keys.publicKey, { now: NOW, origin: 'https://evil.example' }, 'token is for https://crm.example.com, not https://evil.example'],
    ['not a token', 'hello', keys.publicKey, { now: NOW }, 'token is not of the form ot1.<claims>.<signature>'],
    ['not a string', 42, keys.publicKey, { now: NOW }, 'token is not a string of at most 2048 characters'],
    ['unsigned', `${token.split('.').slice(0, 2).join('.')}.`, keys.publicKey, { now: NOW }, 'signature does not verify'],
  ] as const)('refuses a token that is %s', async (_, given, publicKey, options, reason) => {
    await expect(verifyOverrideToken(given, publicKey, options)).resolves.toEqual({ ok: false, reason });
  });

  it('refuses a validly signed token that lives longer than 24 hours', async () => {
    const long = await signOverrideToken({ sub: 'qa', iat: NOW, exp: NOW + 25 * 3_600_000 }, keys.privateKey);
    await expect(verifyOverrideToken(long, keys.publicKey, { now: NOW })).resolves.toEqual({ ok: false, reason: 'token lives longer than 24 hours' });
  });
});
