import { uuidv7 } from '../../../shared/uuid.ts';

/** The ids of the fixture's people, sessions and error, for the reads that name them. */
export interface Fixture {
  sessionIds: string[];
  fingerprint: string;
  replaySessionId: string;
  events: Record<string, unknown>[];
  errors: Record<string, unknown>[];
}

/** One of the fixture's people: their device's id and their one session. */
interface Person {
  anonymousId: string;
  sessionId: string;
}

/** Adds an event by `person` on `/deals`, a second after the one before. */
type AddEvent = (person: Person, fields: Record<string, unknown>) => void;

const HOUR = 3600_000;
const FINGERPRINT = 'fixture-typeerror-deals';

/**
 * A small CRM day as the widget would send it: three people on two pages, a funnel to `Deal Won` with revenue,
 * an A/B exposure each, vitals, API timings, an identify, a replay recording, and one error seen in two sessions.
 */
export function fixtureEvents(now: number): Fixture {
  const people = [0, 1, 2].map((index) => ({
    anonymousId: uuidv7(now - HOUR + index),
    sessionId: uuidv7(now - HOUR + index),
  }));
  const events: Record<string, unknown>[] = [];
  let offset = 60_000;
  const event: AddEvent = (person, fields) => {
    offset += 1000;
    const ts = now - HOUR + offset;
    events.push({
      id: uuidv7(ts),
      ts,
      ...person,
      page: { url: 'https://crm.example.com/deals', path: '/deals' },
      ...fields,
    });
  };
  for (const [index, person] of people.entries()) addPersonEvents(event, person, index);
  addReplay(event, people[0]!, now);
  return {
    sessionIds: people.map((person) => person.sessionId),
    fingerprint: FINGERPRINT,
    replaySessionId: people[0]!.sessionId,
    events,
    errors: people.slice(1).map((person) => errorEvent(person, now)),
  };
}

/**
 * Person `index`'s visit: a page load, an identify (the first on the enterprise plan), an exposure (control, B,
 * control), a Deal Created, an LCP and an API call (a 500 for the third); the first two also win their deal and
 * pay for it.
 */
function addPersonEvents(event: AddEvent, person: Person, index: number): void {
  event(person, { type: 'page', props: { cause: 'load', route: '/deals' } });
  event(person, {
    type: 'identify',
    userId: `user-${index}`,
    props: { traits: { plan: index ? 'pro' : 'enterprise' } },
  });
  event(person, {
    type: 'exposure',
    name: 'pipeline-layout',
    props: { experiment: 'pipeline-layout', variation: index % 2 ? 'B' : 'control', flag: 'pipeline-layout' },
  });
  event(person, { type: 'track', name: 'Deal Created', props: { deal_id: index, value: 1000 * (index + 1) } });
  event(person, {
    type: 'vital',
    name: 'LCP',
    props: { id: `v5-lcp-${index}`, value: 1800 + 400 * index, rating: 'good' },
  });
  event(person, {
    type: 'api',
    name: 'GET /api/deals/:id',
    props: {
      method: 'GET',
      origin: 'https://crm.example.com',
      route: '/api/deals/:id',
      status: index === 2 ? 500 : 200,
      duration: 80 + 20 * index,
      transport: 'fetch',
    },
  });
  if (index < 2) {
    event(person, { type: 'track', name: 'Deal Won', props: { deal_id: index, value: 1000 * (index + 1) } });
    event(person, { type: 'track', name: 'Revenue', props: { amount: 99 * (index + 1), currency: 'EUR' } });
  }
}

/** A one-part replay recording of `person`'s session: a page meta event and an empty full snapshot. */
function addReplay(event: AddEvent, person: Person, now: number): void {
  const recording = [
    { type: 4, data: { href: 'https://crm.example.com/deals', width: 1280, height: 720 }, timestamp: now - 60_000 },
    {
      type: 2,
      data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { left: 0, top: 0 } },
      timestamp: now - 60_000,
    },
  ];
  event(person, {
    type: 'replay',
    data: JSON.stringify(recording),
    props: { replayId: uuidv7(now), seq: 0, part: 0, final: true, encoding: 'none', mode: 'session' },
  });
}

/** The fixture's one unhandled TypeError, as `person` hit it ten minutes ago. */
function errorEvent(person: Person, now: number): Record<string, unknown> {
  const ts = now - 600_000;
  return {
    id: uuidv7(ts),
    ts,
    ...person,
    type: 'error',
    name: 'TypeError',
    page: { url: 'https://crm.example.com/deals', path: '/deals' },
    props: {
      kind: 'js',
      type: 'TypeError',
      message: "Cannot read properties of undefined (reading 'stage')",
      fingerprint: FINGERPRINT,
      count: 1,
      handled: false,
      frames: [{ function: 'moveDeal', file: 'https://crm.example.com/app.js', line: 1, column: 420, inApp: true }],
      breadcrumbs: [{ ts: ts - 1000, category: 'click', message: 'button.move' }],
    },
  };
}
