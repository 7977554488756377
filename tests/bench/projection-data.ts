import { CRM_TRACKING_PLAN } from '../../shared/tracking-plan/crm-plan.ts';
import { seededRandom } from '../../server/src/analytics/queries/random-events.ts';
import type { StoredEvent } from '../../server/src/storage/types.ts';

const DAY = 86_400_000;
const PLAN_EVENTS = Object.keys(CRM_TRACKING_PLAN);
const ROUTES = [
  '/contacts',
  '/contacts/:id',
  '/deals',
  '/deals/:id',
  '/pipeline',
  '/reports',
  '/settings',
  '/companies/:id',
];
const API = [
  '/api/contacts',
  '/api/contacts/:id',
  '/api/deals',
  '/api/deals/:id',
  '/api/search',
  '/api/reports/:id',
  '/api/activities',
];
const FINGERPRINTS = Array.from({ length: 40 }, (_, index) => `fp-${index}`);
const FUNNEL = ['Signed Up', 'Trial Started', 'Deal Created', 'Deal Won'];

/** A deterministic UUID-shaped id from a kind and a number. */
const uuid = (kind: number, index: number) => `0190a000-000${kind}-7000-8000-${index.toString(16).padStart(12, '0')}`;

/**
 * Realistic CRM traffic, `count` events over `days` days by `users` people, roughly in time order (as a live
 * projection receives it): page views, the tracking plan's events (a 4-step funnel among them), vitals reported
 * again under the same metric id, API timings, errors of a few dozen fingerprints, exposures of a running
 * experiment with conversions and deal values, NPS answers, revenue, identify with traits. Yields batches.
 */
export function* crmTraffic(
  count: number,
  { users = 100_000, days = 28, batch = 50_000, start = Date.UTC(2026, 9, 5), seed = 13 } = {},
): Generator<StoredEvent[]> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  let events: StoredEvent[] = [];
  for (let index = 0; index < count; index++) {
    const ts = start + Math.floor((index / count) * days * DAY) + Math.floor(random() * 60_000);
    // Heavier users come back more: a skewed pick of the person.
    const person = Math.floor(users * random() ** 1.6);
    const day = Math.floor((ts - start) / DAY);
    const route = pick(ROUTES);
    const path = route.replace(':id', String(1 + Math.floor(random() * 5000)));
    const plan = pick(['free', 'starter', 'pro', 'enterprise']);
    const base = {
      id: uuid(3, index),
      ts,
      correctedTs: ts,
      receivedAt: ts,
      sessionId: uuid(2, person * 64 + (day % 64)),
      anonymousId: uuid(1, person),
      ...(person % 3 ? { userId: `user-${person}` } : {}),
      page: { url: `https://crm.example${path}`, path },
      context: { user: { plan, country: pick(['DE', 'FR', 'US', 'GB']) } },
    };
    const roll = random();
    let event: StoredEvent;
    if (roll < 0.25) event = { ...base, type: 'page', name: route, props: { cause: 'push', route } };
    else if (roll < 0.5) {
      const name = random() < 0.3 ? FUNNEL[Math.min(3, Math.floor(random() ** 2 * 4))]! : pick(PLAN_EVENTS);
      event = {
        ...base,
        type: 'track',
        name,
        props: { value: Math.round(random() * 20_000), deal_id: Math.floor(random() * 9999) },
      };
    } else if (roll < 0.65) {
      const name = pick(['LCP', 'INP', 'CLS', 'FCP', 'TTFB']);
      const value = name === 'CLS' ? random() * 0.4 : Math.round(random() ** 2 * 6000);
      event = {
        ...base,
        type: 'vital',
        name,
        props: {
          id: `v${index - (random() < 0.3 ? 1 : 0)}`,
          value,
          rating: pick(['good', 'good', 'needs-improvement', 'poor']),
        },
      };
    } else if (roll < 0.8) {
      const status = random() < 0.03 ? pick([404, 500, 503, 0]) : 200;
      event = {
        ...base,
        type: 'api',
        name: `GET ${pick(API)}`,
        props: {
          method: pick(['GET', 'GET', 'POST', 'PATCH']),
          origin: 'https://crm.example',
          route: pick(API),
          status,
          duration: Math.round(20 + random() ** 3 * 2000),
          transport: 'fetch',
        },
      };
    } else if (roll < 0.82) {
      const fingerprint = FINGERPRINTS[Math.floor(random() ** 2 * FINGERPRINTS.length)]!;
      event = {
        ...base,
        type: 'error',
        name: 'TypeError',
        props: {
          kind: 'js',
          type: 'TypeError',
          message: `${fingerprint} failed`,
          fingerprint,
          count: 1,
          handled: false,
          frames: [{ function: 'save', file: 'app.js', line: 3, inApp: true }],
          breadcrumbs: [],
        },
      };
    } else if (roll < 0.86) {
      const variation = person % 2 ? 'B' : 'control';
      event = {
        ...base,
        type: 'exposure',
        name: 'pipeline-layout',
        props: { experiment: 'pipeline-layout', variation, hashAttribute: 'id', hashValue: `user-${person}` },
      };
    } else if (roll < 0.862)
      event = {
        ...base,
        type: 'nps',
        props: {
          surveyId: 'nps',
          score: Math.floor(random() * 11),
          ...(random() < 0.3
            ? { comment: pick(['love it', 'too slow', 'fine', 'great support', 'confusing pipeline']) }
            : {}),
        },
      };
    else if (roll < 0.867)
      event = {
        ...base,
        type: 'track',
        name: 'Revenue',
        props: { amount: Math.round(random() * 50_000) / 100, currency: pick(['EUR', 'USD', 'GBP']), plan },
      };
    else if (roll < 0.87)
      event = {
        ...base,
        type: 'identify',
        userId: `user-${person}`,
        props: { traits: { plan, seats: 1 + Math.floor(random() * 50) } },
      };
    else
      event = { ...base, type: 'track', name: pick(PLAN_EVENTS), props: { source: pick(['form', 'import', 'api']) } };
    events.push(event);
    if (events.length === batch) {
      yield events;
      events = [];
    }
  }
  if (events.length) yield events;
}
