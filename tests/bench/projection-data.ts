import { seededRandom } from '../../server/src/analytics/queries/random-events.ts';
import type { StoredEvent } from '../../server/src/storage/types.ts';
import { crmEvent } from './projection-event.ts';
import type { Draw, EventSeed } from './projection-event.ts';

const DAY = 86_400_000;
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

/** A deterministic UUID-shaped id from a kind and a number. */
const uuid = (kind: number, index: number) => `0190a000-000${kind}-7000-8000-${index.toString(16).padStart(12, '0')}`;

/** The spread of the traffic: how many people, over how many days from when. */
interface Spread {
  users: number;
  days: number;
  start: number;
}

/**
 * Event `index` of `count`: its time (spread evenly over the days, so the traffic is roughly in time order), its
 * person, session, page and plan, drawn in this order.
 */
function eventSeed({ random, pick }: Draw, index: number, count: number, { users, days, start }: Spread): EventSeed {
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
  return { base, index, person, route, plan };
}

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
  const draw: Draw = { random, pick: (list) => list[Math.floor(random() * list.length)]! };
  let events: StoredEvent[] = [];
  for (let index = 0; index < count; index++) {
    events.push(crmEvent(draw, eventSeed(draw, index, count, { users, days, start })));
    if (events.length === batch) {
      yield events;
      events = [];
    }
  }
  if (events.length) yield events;
}
