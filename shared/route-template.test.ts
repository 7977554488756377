import { describe, expect, it } from 'vitest';
import { seededRandom } from '../tests/bench/scale-random.ts';
import { routeTemplate } from './route-template.ts';

describe('routeTemplate', () => {
  it.each([
    ['/contacts/123', '/contacts/:id'],
    ['/contacts/123/notes/9', '/contacts/:id/notes/:id'],
    ['/deals/0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b', '/deals/:uuid'],
    ['/deals/0190A1B2-3C4D-7E5F-8A9B-0C1D2E3F4A5B/stage', '/deals/:uuid/stage'],
    ['/files/5f2b8c9e1a3d4f6b7c8d9e0f', '/files/:hash'],
    ['/users/ada%40example.com', '/users/:email'],
    ['/sessions/01HZX3K9Q7T2M5N8P4R6S0V1W2', '/sessions/:token'],
    ['/reports/forecast', '/reports/forecast'],
    ['/api/v2/contacts', '/api/v2/contacts'],
    ['/contacts/123?tab=notes#top', '/contacts/:id'],
    ['/', '/'],
    ['', '/'],
    ['/accounts/42/summary', '/accounts/:id/summary'],
    ['/oauth/callback-handler-for-google', '/oauth/callback-handler-for-google'],
  ])('%s → %s', (path, expected) => {
    expect(routeTemplate(path)).toBe(expected);
  });
});

/** The regexp-only template this module had before its route-word shortcut: the oracle the shortcut must agree with. */
function patternsOnly(path: string): string {
  const patterns: [RegExp, string][] = [
    [/^\d+$/, ':id'],
    [/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, ':uuid'],
    [/^[0-9a-f]{16,}$/i, ':hash'],
    [/^[^@/\s]+@[^@/\s]+$/, ':email'],
    [/^(?=.*\d)[A-Za-z0-9_-]{20,}$/, ':token'],
  ];
  const segment = (raw: string) => {
    if (!raw) return raw;
    let decoded = raw;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      // Kept as it is.
    }
    return patterns.find(([pattern]) => pattern.test(decoded))?.[1] ?? raw;
  };
  return (
    path
      .replace(/[?#].*$/, '')
      .split('/')
      .map(segment)
      .join('/') || '/'
  );
}

describe('routeTemplate against the patterns alone', () => {
  it('agrees on 20,000 random segments near every pattern’s edges', () => {
    const random = seededRandom(7);
    const alphabets = ['abcdef', 'abcdef0123456789', 'contactsnoe-_', 'ABCDEFxyz', 'ab@.%40', 'a1b2%2', 'zq0-_ZQ9'];
    for (let run = 0; run < 20_000; run++) {
      const alphabet = random.pick(alphabets);
      const segment = Array.from({ length: random.int(40) }, () => random.pick([...alphabet])).join('');
      const path = `/contacts/${segment}/notes`;
      expect(routeTemplate(path), path).toBe(patternsOnly(path));
    }
  });
});
