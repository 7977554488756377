import { CRM_TRACKING_PLAN } from '../../shared/tracking-plan/crm-plan.ts';
import type { StoredEvent } from '../../server/src/storage/types.ts';

const PLAN_EVENTS = Object.keys(CRM_TRACKING_PLAN);
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

/** The traffic's one seeded random source, and a uniform pick drawn from it. */
export interface Draw {
  random: () => number;
  pick: <T>(list: readonly T[]) => T;
}

/** What every kind of event is made from: the fields all events share, and the person, route and plan behind them. */
export interface EventSeed {
  base: Omit<StoredEvent, 'type'>;
  index: number;
  person: number;
  route: string;
  plan: string;
}

/** Makes one kind of event. Each draws from the random source in a fixed order: the traffic depends on it. */
type MakeEvent = (draw: Draw, seed: EventSeed) => StoredEvent;

const pageView: MakeEvent = (_, { base, route }) => ({
  ...base,
  type: 'page',
  name: route,
  props: { cause: 'push', route },
});

/** A tracking-plan event; three in ten are funnel steps, the later steps rarer. */
const planEvent: MakeEvent = ({ random, pick }, { base }) => {
  const name = random() < 0.3 ? FUNNEL[Math.min(3, Math.floor(random() ** 2 * 4))]! : pick(PLAN_EVENTS);
  return {
    ...base,
    type: 'track',
    name,
    props: { value: Math.round(random() * 20_000), deal_id: Math.floor(random() * 9999) },
  };
};

/** A web vital; three in ten repeat the previous event's metric id, as a vital reported again does. */
const vital: MakeEvent = ({ random, pick }, { base, index }) => {
  const name = pick(['LCP', 'INP', 'CLS', 'FCP', 'TTFB']);
  const value = name === 'CLS' ? random() * 0.4 : Math.round(random() ** 2 * 6000);
  return {
    ...base,
    type: 'vital',
    name,
    props: {
      id: `v${index - (random() < 0.3 ? 1 : 0)}`,
      value,
      rating: pick(['good', 'good', 'needs-improvement', 'poor']),
    },
  };
};

const apiCall: MakeEvent = ({ random, pick }, { base }) => {
  const status = random() < 0.03 ? pick([404, 500, 503, 0]) : 200;
  return {
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
};

/** An error of one of a few dozen fingerprints, the first few far more common. */
const jsError: MakeEvent = ({ random }, { base }) => {
  const fingerprint = FINGERPRINTS[Math.floor(random() ** 2 * FINGERPRINTS.length)]!;
  return {
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
};

const exposure: MakeEvent = (_, { base, person }) => ({
  ...base,
  type: 'exposure',
  name: 'pipeline-layout',
  props: {
    experiment: 'pipeline-layout',
    variation: person % 2 ? 'B' : 'control',
    hashAttribute: 'id',
    hashValue: `user-${person}`,
  },
});

const npsAnswer: MakeEvent = ({ random, pick }, { base }) => ({
  ...base,
  type: 'nps',
  props: {
    surveyId: 'nps',
    score: Math.floor(random() * 11),
    ...(random() < 0.3
      ? { comment: pick(['love it', 'too slow', 'fine', 'great support', 'confusing pipeline']) }
      : {}),
  },
});

const revenue: MakeEvent = ({ random, pick }, { base, plan }) => ({
  ...base,
  type: 'track',
  name: 'Revenue',
  props: { amount: Math.round(random() * 50_000) / 100, currency: pick(['EUR', 'USD', 'GBP']), plan },
});

const identify: MakeEvent = ({ random }, { base, person, plan }) => ({
  ...base,
  type: 'identify',
  userId: `user-${person}`,
  props: { traits: { plan, seats: 1 + Math.floor(random() * 50) } },
});

const sourcedPlanEvent: MakeEvent = ({ pick }, { base }) => ({
  ...base,
  type: 'track',
  name: pick(PLAN_EVENTS),
  props: { source: pick(['form', 'import', 'api']) },
});

/** Each kind of event with the top of its band of a roll in [0, 1): the bands' widths are the kinds' shares. */
const KINDS: readonly [upTo: number, make: MakeEvent][] = [
  [0.25, pageView],
  [0.5, planEvent],
  [0.65, vital],
  [0.8, apiCall],
  [0.82, jsError],
  [0.86, exposure],
  [0.862, npsAnswer],
  [0.867, revenue],
  [0.87, identify],
  [Number.POSITIVE_INFINITY, sourcedPlanEvent],
];

/** One event of a kind picked by a roll of the random source, made from `seed`. */
export function crmEvent(draw: Draw, seed: EventSeed): StoredEvent {
  const roll = draw.random();
  const [, make] = KINDS.find(([upTo]) => roll < upTo)!;
  return make(draw, seed);
}
