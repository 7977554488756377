import { describe, expect, it } from 'vitest';
import { createIdentity } from '../session.ts';
import { createConsentStorage, OPT_OUT_KEY } from './consent.ts';
import { createUserStore } from './user.ts';
import { utmParameters } from './utm.ts';

/** A Storage over a Map, as localStorage behaves. */
function memoryStorage(): Storage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    clear: () => map.clear(),
    key: (index) => [...map.keys()][index] ?? null,
    get length() {
      return map.size;
    },
  };
}

describe('consent-aware storage', () => {
  it('forgets what the widget stored on opt-out, writes nothing more until opt-in, and remembers the choice', () => {
    const local = memoryStorage();
    local.setItem('app:theme', 'dark');
    const consent = createConsentStorage(local);
    let now = 1_000;
    const identity = createIdentity(consent, () => now);
    const user = createUserStore(consent);
    user.identify('user-1', { plan: 'pro' });
    identity.touch();
    expect([...local.map.keys()].sort()).toEqual([
      'app:theme',
      'crm-insights:anonymous-id',
      'crm-insights:session',
      'crm-insights:user',
    ]);

    consent.optOut();
    expect([...local.map.keys()].sort()).toEqual(['app:theme', OPT_OUT_KEY]);
    identity.reset();
    user.identify('user-2');
    expect([...local.map.keys()].sort()).toEqual(['app:theme', OPT_OUT_KEY]);
    // A new page load reads the stored choice.
    expect(createConsentStorage(local).optedOut()).toBe(true);

    consent.optIn();
    // The session is written at most once a second; the next activity after that stores it again.
    now += 1_000;
    identity.touch();
    expect(local.map.has(OPT_OUT_KEY)).toBe(false);
    expect(local.map.has('crm-insights:session')).toBe(true);
  });
});

describe('the user store', () => {
  it('keeps the user across pages, merges the same user’s traits, and keeps identifying traits off later events', () => {
    const local = memoryStorage();
    createUserStore(local).identify('user-1', { email: 'a@example.com', name: 'Ada', plan: 'pro', teamSize: 5 });
    const next = createUserStore(local);
    next.identify('user-1', { teamSize: 7 });
    expect(next.userId()).toBe('user-1');
    expect(next.publicTraits()).toEqual({ plan: 'pro', teamSize: 7 });
    next.identify('user-2', { plan: 'free' });
    expect(next.publicTraits()).toEqual({ plan: 'free' });
    next.reset();
    expect(next.userId()).toBeUndefined();
    expect(createUserStore(local).userId()).toBeUndefined();
  });
});

describe('reset', () => {
  it('gives a new anonymous id and session', () => {
    const identity = createIdentity(memoryStorage(), () => 5_000);
    const before = { anonymousId: identity.anonymousId, sessionId: identity.sessionId() };
    identity.reset();
    expect(identity.anonymousId).not.toBe(before.anonymousId);
    expect(identity.sessionId()).not.toBe(before.sessionId);
  });
});

describe('utmParameters', () => {
  it.each([
    [
      '?utm_source=newsletter&utm_medium=email&utm_campaign=spring&page=2',
      { source: 'newsletter', medium: 'email', campaign: 'spring' },
    ],
    ['?utm_term=crm%20software', { term: 'crm software' }],
    ['?page=2', undefined],
    ['', undefined],
    ['?utm_source=', undefined],
  ])('%s', (search, expected) => {
    expect(utmParameters(search)).toEqual(expected);
  });
});
