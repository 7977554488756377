import type { StoredEvent } from '../../storage/types.ts';
import { EVENT_OF_KIND, RANDOM_EVENT_KINDS } from './random-event-kinds.ts';
import type { Draws, EventParts } from './random-event-kinds.ts';

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
/** How many people send the events (40 anonymous ids, 25 user ids shared across them). */
const PEOPLE = 40;
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
  const draws: Draws = { random, pick: (list) => list[Math.floor(random() * list.length)]! };
  return distinctOffsets(random, count).map((offset, index) => {
    const { base, person, path } = baseEvent(draws, start + offset, index);
    const kind = draws.pick(RANDOM_EVENT_KINDS);
    // Drawn whatever the kind, though only tracks and exposures carry tags: drawing it for those alone would change
    // every seed's events.
    const tags = random() < 0.1 ? { tags: [draws.pick(['override', 'overridden', 'forced', 'off-plan'])] } : {};
    return EVENT_OF_KIND[kind]({ base, person, path, index, tags, draws });
  });
}

/** `count` distinct offsets within 24 days, in the order drawn. */
function distinctOffsets(random: () => number, count: number): number[] {
  const offsets = new Set<number>();
  while (offsets.size < count) offsets.add(Math.floor(random() * 24 * DAY));
  return [...offsets];
}

/** The fields every event shares: one of the people, on one of their three sessions and a page, at `ts`. */
function baseEvent({ random, pick }: Draws, ts: number, index: number): Pick<EventParts, 'base' | 'person' | 'path'> {
  const person = Math.floor(random() * PEOPLE);
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
  return { base, person, path };
}
