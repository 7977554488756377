import type { InsightEvent } from '../../shared/protocol.ts';
import { concretePath, pickBug, pickRoute } from './scale-catalog.ts';
import type { SimBug, SimRoute } from './scale-catalog.ts';
import type { Random } from './scale-random.ts';
import type { SimUser } from './scale-users.ts';

/** What one session needs besides its user: the app's bugs and the experiment's effect on deals won. */
export interface SessionWorld {
  bugs: readonly SimBug[];
  /** Chance that a deal page view ends in a won deal, per variation key (`control`, `B`); `default` for the unassigned. */
  winRate: Record<string, number>;
  /** Median value of a won deal, per variation key; `default` for the unassigned. */
  dealValue: Record<string, number>;
}

/** Builds events of one session in time order; each helper appends to `events` and moves the clock. */
interface SessionState {
  random: Random;
  user: SimUser;
  world: SessionWorld;
  sessionId: string;
  events: InsightEvent[];
  ts: number;
  exposed: boolean;
}

const ORIGIN = 'https://crm.example.com';

function add(
  state: SessionState,
  type: InsightEvent['type'],
  fields: Partial<InsightEvent>,
  page?: { path: string; title: string },
): void {
  state.ts += 1 + state.random.int(400);
  state.events.push({
    id: state.random.uuidv7(state.ts),
    type,
    ts: state.ts,
    sessionId: state.sessionId,
    anonymousId: state.user.anonymousId,
    userId: state.user.userId,
    ...(page ? { page: { url: ORIGIN + page.path, path: page.path, title: `${page.title} · Acme CRM` } } : {}),
    ...fields,
  });
}

const track = (
  state: SessionState,
  name: string,
  props: Record<string, unknown>,
  page?: { path: string; title: string },
) => add(state, 'track', { name, props: props as InsightEvent['props'] }, page);

/** A session of `user` starting at `start`: sign-up on a new user's first visit, page views with their vitals, API calls, product events, errors, an exposure, sometimes an NPS answer. */
export function simulateSession(
  random: Random,
  user: SimUser,
  start: number,
  world: SessionWorld,
  firstVisit: boolean,
): InsightEvent[] {
  const state: SessionState = { random, user, world, sessionId: random.uuid(), events: [], ts: start, exposed: false };
  const home = { path: '/', title: 'Home' };
  if (firstVisit) signUp(state, home);
  else if (random.chance(0.35))
    track(state, 'Logged In', { method: random.pick(['password', 'google', 'microsoft', 'sso']) }, home);
  if (firstVisit || random.chance(0.25)) add(state, 'identify', { props: { traits: { ...user.traits } } }, home);
  const pages = 2 + Math.min(30, Math.round(random.logNormal(6, 0.6)));
  let landing: { path: string; title: string; route: SimRoute } | undefined;
  for (let index = 0; index < pages; index++) {
    const route = pickRoute(random);
    const page = { path: concretePath(route.template, random), title: route.title };
    add(state, 'page', { props: { cause: index === 0 ? 'load' : 'push', route: route.template } }, page);
    if (index === 0) {
      landing = { ...page, route };
      loadVitals(state, route, page);
    }
    if (random.chance(0.25))
      vital(state, 'INP', route.slowness * 140, 0.7, page, [200, 500], { target: 'button.save', type: 'pointerup' });
    for (const api of route.apis) if (random.chance(0.8)) apiCall(state, api, route, page);
    productEvents(state, route, page);
    if (random.chance(0.03)) error(state, pickBug(random, world.bugs), route, page);
    // Time on a page, capped at 5 minutes so a session (at most 32 pages) stays under the 3 hours the traffic allows it.
    state.ts += Math.min(300_000, Math.round(random.logNormal(15_000, 1)));
  }
  if (landing)
    vital(state, 'CLS', 0.04 * landing.route.slowness, 1, landing, [0.1, 0.25], { largestShiftTarget: 'div.board' });
  if (random.chance(0.012)) nps(state);
  return state.events;
}

function signUp(state: SessionState, page: { path: string; title: string }): void {
  const { random } = state;
  track(state, 'Signed Up', { method: random.pick(['email', 'google', 'microsoft', 'sso']) }, page);
  if (random.chance(0.8)) track(state, 'Email Verified', {}, page);
  if (random.chance(0.6)) track(state, 'Trial Started', { plan: state.user.traits.plan, trial_days: 14 }, page);
  track(state, 'Onboarding Started', {}, page);
  const steps = 1 + random.int(4);
  for (let step = 1; step <= steps; step++)
    track(state, 'Onboarding Step Completed', { step: `step-${step}`, step_number: step }, page);
  if (steps === 4)
    track(state, 'Onboarding Completed', { duration_seconds: Math.round(random.logNormal(240, 0.5)) }, page);
}

function loadVitals(state: SessionState, route: SimRoute, page: { path: string; title: string }): void {
  vital(state, 'TTFB', 320 * route.slowness, 0.5, page, [800, 1800], { waitingDuration: 20, cacheDuration: 0 });
  vital(state, 'FCP', 1100 * route.slowness, 0.45, page, [1800, 3000], { timeToFirstByte: 320 });
  vital(state, 'LCP', 1700 * route.slowness, 0.45, page, [2500, 4000], {
    element: 'main > h1',
    url: `${ORIGIN}/assets/hero.webp`,
  });
}

/** A Core Web Vital as web-vitals reports it, rated by its thresholds (https://web.dev/articles/vitals). */
function vital(
  state: SessionState,
  name: string,
  median: number,
  sigma: number,
  page: { path: string; title: string },
  [good, poor]: [number, number],
  attribution: Record<string, unknown>,
): void {
  const raw = state.random.logNormal(median, sigma);
  const value = name === 'CLS' ? Math.round(raw * 1000) / 1000 : Math.round(raw);
  const rating = value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor';
  const id = `v5-${state.ts}-${state.random.int(1e12)}`;
  add(
    state,
    'vital',
    {
      name,
      props: { id, value, delta: value, rating, navigationType: 'navigate', attribution } as InsightEvent['props'],
    },
    page,
  );
}

function apiCall(state: SessionState, api: string, route: SimRoute, page: { path: string; title: string }): void {
  const { random } = state;
  const [method, template] = api.split(' ') as [string, string];
  const failed = random.chance(0.015);
  const status = failed ? random.pick([500, 502, 504]) : method === 'POST' ? 201 : 200;
  const duration = Math.round(random.logNormal((method === 'GET' ? 90 : 160) * route.slowness, 0.6));
  add(
    state,
    'api',
    {
      name: api,
      props: {
        method,
        origin: ORIGIN,
        route: template,
        status,
        duration,
        transport: 'fetch',
        size: 200 + random.int(20_000),
      },
    },
    page,
  );
}

function productEvents(state: SessionState, route: SimRoute, page: { path: string; title: string }): void {
  const { random, user, world } = state;
  const variation = user.assignment?.variationKey ?? 'default';
  const dealId = 1 + random.int(20_000);
  if (route.template === '/pipeline') {
    if (user.assignment && !state.exposed) {
      state.exposed = true;
      const { key, hashAttribute, hashValue } = user.assignment;
      add(
        state,
        'exposure',
        {
          name: key,
          props: { experiment: key, variation: user.assignment.variationKey, forced: false, hashAttribute, hashValue },
        },
        page,
      );
    }
    track(state, 'Pipeline Viewed', { deals: 10 + random.int(200) }, page);
    if (random.chance(0.3))
      track(
        state,
        'Deal Stage Changed',
        { deal_id: dealId, from: 'Qualified', to: 'Proposal', value: Math.round(random.logNormal(9000, 0.7)) },
        page,
      );
  } else if (route.template === '/contacts/:id') {
    track(state, 'Contact Viewed', { contact_id: Number(page.path.split('/')[2]) }, page);
    if (random.chance(0.1)) track(state, 'Note Added', { length: 20 + random.int(400) }, page);
  } else if (route.template === '/contacts' && random.chance(0.2)) {
    track(state, 'Contact Created', { source: random.pick(['form', 'import', 'api', 'integration', 'email']) }, page);
  } else if (route.template === '/deals' && random.chance(0.18)) {
    track(
      state,
      'Deal Created',
      { deal_id: dealId, value: Math.round(random.logNormal(9000, 0.7)), stage: 'Lead' },
      page,
    );
  } else if (route.template === '/deals/:id' && random.chance(world.winRate[variation] ?? world.winRate.default!)) {
    const value = Math.round(random.logNormal(world.dealValue[variation] ?? world.dealValue.default!, 0.5));
    track(state, 'Deal Won', { deal_id: dealId, value }, page);
    if (random.chance(0.6))
      track(
        state,
        'Revenue',
        {
          amount: Math.round(value / 12),
          currency: random.pick(['USD', 'USD', 'EUR', 'GBP']),
          deal_id: dealId,
          plan: user.traits.plan,
        },
        page,
      );
  } else if (route.template === '/reports/:id' && random.chance(0.5)) {
    track(state, 'Report Viewed', { report: page.path.split('/')[2]! }, page);
  }
}

function error(state: SessionState, bug: SimBug, route: SimRoute, page: { path: string; title: string }): void {
  const frames = [{ function: bug.fn, file: bug.file, line: bug.line, column: 17, inApp: true }];
  const breadcrumbs = [{ ts: state.ts - 800, category: 'navigation', message: `push ${route.template}` }];
  add(
    state,
    'error',
    {
      name: bug.type,
      props: {
        kind: bug.kind,
        type: bug.type,
        message: bug.message,
        fingerprint: bug.fingerprint,
        count: 1,
        handled: bug.kind !== 'js',
        frames,
        breadcrumbs,
        route: route.template,
      },
    },
    page,
  );
}

function nps(state: SessionState): void {
  const { random } = state;
  // A typical B2B SaaS spread: many passives, promoters ahead of detractors.
  const score = Math.min(10, Math.max(0, Math.round(random.logNormal(7.5, 0.3))));
  const comment = random.chance(0.3)
    ? random.pick([
        'Love the pipeline view',
        'Reports are slow',
        'Search could be better',
        'Great support',
        'Too many clicks to log a call',
      ])
    : undefined;
  add(
    state,
    'nps',
    { props: { surveyId: 'nps', score, ...(comment ? { comment } : {}) } },
    { path: '/', title: 'Home' },
  );
}
