import type { StoredEvent } from '../../storage/types.ts';

/** A seeded PRNG (mulberry32): the same seed gives the same event set, so a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const uuid = (kind: number, index: number) => `0190a000-000${kind}-7000-8000-${String(index).padStart(12, '0')}`;

/** The running experiment whose exposures `randomEvents` makes ("exp", two even variations). */
export const RANDOM_EVENTS_EXPERIMENT = {
  key: 'exp',
  flag: 'f',
  ruleId: 'r',
  variations: ['control', 'treatment'],
  weights: [0.5, 0.5],
  hashAttribute: 'id',
  active: true,
};

/**
 * Random events that exercise every edge the reads define: repeated funnel steps and page steps, exposures
 * forced, overridden, override-tagged, in unknown or missing variations, hashed on another attribute, shared
 * user ids across devices, vitals reported again under the same metric id (with and without a rating), errors
 * with and without a fingerprint and folded counts, NPS answers (some invalid), revenue and API timings.
 * Times are distinct, so no read depends on how a store orders ties.
 */
export function randomEvents(count: number, seed: number, start = Date.UTC(2026, 10, 2)): StoredEvent[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const people = 40;
  const offsets = new Set<number>();
  while (offsets.size < count) offsets.add(Math.floor(random() * 24 * DAY));
  const times = [...offsets];
  return times.map((offset, index) => {
    const person = Math.floor(random() * people);
    const ts = start + offset;
    const path = pick(['/deals', '/contacts/1', '/contacts/2', '/Contacts']);
    const base: StoredEvent = {
      id: uuid(3, index + 1),
      type: 'track',
      ts,
      correctedTs: ts,
      receivedAt: ts,
      sessionId: uuid(2, person * 3 + Math.floor(random() * 3)),
      anonymousId: uuid(1, person),
      ...(random() < 0.4 ? { userId: `user-${person % 25}` } : {}),
      page: { url: `https://crm.test${path}`, path },
    };
    const kind = pick([
      'track',
      'track',
      'track',
      'page',
      'exposure',
      'vital',
      'vital',
      'error',
      'nps',
      'api',
      'revenue',
    ]);
    const tags = random() < 0.1 ? { tags: [pick(['override', 'overridden', 'forced', 'off-plan'])] } : {};
    switch (kind) {
      case 'track':
        return {
          ...base,
          ...tags,
          name: pick(['A', 'B', 'C', 'D']),
          props: random() < 0.7 ? { value: Math.round(random() * 1000) / 10 } : { value: 'n/a' },
          ...(random() < 0.05 ? { context: { overridden: true } } : {}),
        };
      case 'page':
        return { ...base, type: 'page', name: pick(['A', 'Pipeline']), props: { cause: 'load', route: path } };
      case 'exposure': {
        const variation = pick(['control', 'treatment', 'treatment', 'control', 'bogus', undefined]);
        const hashed =
          random() < 0.3 ? { hashAttribute: pick(['id', 'companyId', undefined]), hashValue: `h${person % 30}` } : {};
        return {
          ...base,
          ...tags,
          type: 'exposure',
          name: 'exp',
          props: {
            experiment: pick(['exp', 'exp', 'exp', 'other']),
            ...(variation === undefined ? {} : { variation }),
            ...(random() < 0.05 ? { forced: true } : {}),
            ...hashed,
          },
        };
      }
      case 'vital': {
        const name = pick(['LCP', 'INP', 'CLS', 'TTFB']);
        const value = name === 'CLS' ? Math.round(random() * 40) / 100 : Math.round(random() * 5000);
        return {
          ...base,
          type: 'vital',
          name,
          props: {
            id: `m${Math.floor(random() * 60)}`,
            value,
            ...(random() < 0.8 ? { rating: pick(['good', 'needs-improvement', 'poor']) } : {}),
          },
        };
      }
      case 'error': {
        const fingerprint = random() < 0.8 ? { fingerprint: pick(['fp-a', 'fp-b', 'fp-c', 'FP-b']) } : {};
        return {
          ...base,
          type: 'error',
          name: pick(['TypeError', 'RangeError']),
          props: {
            kind: pick(['js', 'api']),
            message: pick(['x is undefined', 'boom']),
            count: pick([1, 1, 2, 3]),
            ...fingerprint,
            frames: [{ function: `f${index}`, inApp: true }],
          },
        };
      }
      case 'nps':
        return {
          ...base,
          type: 'nps',
          props: {
            score: pick([0, 3, 6, 7, 8, 9, 10, 10, 11, 2.5]),
            surveyId: pick(['nps', 'onboarding']),
            ...(random() < 0.5 ? { comment: pick(['love it', 'terrible and slow', 'ok', '']) } : {}),
          },
        };
      case 'api':
        return {
          ...base,
          type: 'api',
          name: 'GET /contacts/:id',
          props: {
            method: pick(['GET', 'POST']),
            route: pick(['/contacts/:id', '/deals', '/contacts/7']),
            status: pick([200, 200, 201, 404, 500, 0]),
            duration: Math.round(random() * 900),
            transport: 'fetch',
          },
        };
      default:
        return {
          ...base,
          name: 'Revenue',
          props: {
            amount: Math.round(random() * 10_000) / 100,
            currency: pick(['EUR', 'USD']),
            plan: pick(['free', 'pro']),
          },
          context: { user: { plan: pick(['free', 'pro']) } },
        };
    }
  });
}
