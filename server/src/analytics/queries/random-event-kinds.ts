import type { StoredEvent } from '../../storage/types.ts';

/** The seeded draws an event is made with: a number in [0, 1) and one element of a list. */
export interface Draws {
  random: () => number;
  pick: <T>(list: readonly T[]) => T;
}

/** What every kind of event is built from: the fields all share, who sent it, on which page, its place and tags. */
export interface EventParts {
  base: StoredEvent;
  person: number;
  path: string;
  index: number;
  tags: { tags?: string[] };
  draws: Draws;
}

/** The kinds of event, each as often as it appears: three tracks and two vitals in every eleven events. */
export const RANDOM_EVENT_KINDS = [
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
] as const;

/**
 * An event of each kind from its parts. Every builder draws in a fixed order: all later events of a seed depend
 * on each draw, so a builder that drew more, less or in another order would change every event set after it.
 */
export const EVENT_OF_KIND: Record<(typeof RANDOM_EVENT_KINDS)[number], (parts: EventParts) => StoredEvent> = {
  track: trackEvent,
  page: pageEvent,
  exposure: exposureEvent,
  vital: vitalEvent,
  error: errorEvent,
  nps: npsEvent,
  api: apiEvent,
  revenue: revenueEvent,
};

/** A named track event, its value mostly a number, now and then marked overridden by its context. */
function trackEvent({ base, tags, draws: { random, pick } }: EventParts): StoredEvent {
  return {
    ...base,
    ...tags,
    name: pick(['A', 'B', 'C', 'D']),
    props: random() < 0.7 ? { value: Math.round(random() * 1000) / 10 } : { value: 'n/a' },
    ...(random() < 0.05 ? { context: { overridden: true } } : {}),
  };
}

/** A page view, named "A" (as a track step is) or "Pipeline". */
function pageEvent({ base, path, draws: { pick } }: EventParts): StoredEvent {
  return { ...base, type: 'page', name: pick(['A', 'Pipeline']), props: { cause: 'load', route: path } };
}

/** An exposure to "exp" or "other", sometimes forced, in an unknown or no variation, or hashed on another attribute. */
function exposureEvent({ base, person, tags, draws: { random, pick } }: EventParts): StoredEvent {
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

/** A vital under one of 60 metric ids (so ids repeat), mostly with a rating. */
function vitalEvent({ base, draws: { random, pick } }: EventParts): StoredEvent {
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

/** An error, mostly with a fingerprint (two differ only in case), a folded count and a frame of its own. */
function errorEvent({ base, index, draws: { random, pick } }: EventParts): StoredEvent {
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

/** An NPS answer to one of two surveys, some scores out of range or fractional, half with a comment. */
function npsEvent({ base, draws: { random, pick } }: EventParts): StoredEvent {
  return {
    ...base,
    type: 'nps',
    props: {
      score: pick([0, 3, 6, 7, 8, 9, 10, 10, 11, 2.5]),
      surveyId: pick(['nps', 'onboarding']),
      ...(random() < 0.5 ? { comment: pick(['love it', 'terrible and slow', 'ok', '']) } : {}),
    },
  };
}

/** A timed API call, on a template route or a raw one, some failing or with no status at all. */
function apiEvent({ base, draws: { random, pick } }: EventParts): StoredEvent {
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
}

/** A Revenue track event in EUR or USD, with a plan in its props and in the user's traits. */
function revenueEvent({ base, draws: { random, pick } }: EventParts): StoredEvent {
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
