import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { uuidv7 } from '../../../shared/uuid.ts';

const gzipAsync = promisify(gzip);

/** The share of each event type in what a CRM page's widget sends (page views, vitals, API timings, tracks, errors). */
const TRAFFIC_MIX = [
  { type: 'page', share: 0.25 },
  { type: 'vital', share: 0.2 },
  { type: 'api', share: 0.3 },
  { type: 'track', share: 0.2 },
  { type: 'error', share: 0.05 },
] as const;

const ROUTES = ['/contacts', '/contacts/:id', '/deals', '/deals/:id', '/reports'];
const VITALS = [
  ['LCP', 1800, 'good'],
  ['INP', 140, 'good'],
  ['CLS', 0.04, 'good'],
  ['FCP', 1200, 'good'],
  ['TTFB', 420, 'good'],
] as const;
const TRACKS = ['Contact Viewed', 'Deal Created', 'Deal Stage Changed', 'Search Performed'];

/** One simulated visitor: the ids a widget keeps across a session. */
export interface Visitor {
  sessionId: string;
  anonymousId: string;
}

/** How a mixed batch is made: the randomness, and tags every event carries (the self-load-test marks its own). */
export interface MixOptions {
  random?: () => number;
  tags?: string[];
}

/** `size` events in the widget's mix for `visitor`, all at time `now`. */
function mixedEvents(visitor: Visitor, size: number, now: number, options: MixOptions = {}): Record<string, unknown>[] {
  return Array.from({ length: size }, (_, index) => mixedEvent(visitor, now, index, options));
}

/** A mixed batch gzipped as the widget sends it, with its events (gzip runs on libuv's pool, off the event loop). */
export async function gzippedBatch(
  visitor: Visitor,
  size: number,
  now: number,
  options: MixOptions = {},
): Promise<{ body: Uint8Array<ArrayBuffer>; events: Record<string, unknown>[] }> {
  const events = mixedEvents(visitor, size, now, options);
  // Copied into a plain ArrayBuffer-backed array: what fetch's and Request's body types take.
  return { body: new Uint8Array(await gzipAsync(JSON.stringify({ sentAt: now, events }))), events };
}

function mixedEvent(
  visitor: Visitor,
  ts: number,
  index: number,
  { random = Math.random, tags }: MixOptions,
): Record<string, unknown> {
  const route = ROUTES[index % ROUTES.length]!;
  const path = route.replace(':id', String(1000 + index));
  const base = {
    id: uuidv7(ts),
    ts,
    sessionId: visitor.sessionId,
    anonymousId: visitor.anonymousId,
    page: { url: `https://crm.example.com${path}`, path, title: 'CRM' },
    ...(tags ? { tags } : {}),
  };
  let roll = random();
  for (const { type, share } of TRAFFIC_MIX) {
    roll -= share;
    if (roll > 0 && type !== 'error') continue;
    switch (type) {
      case 'page':
        return { ...base, type: 'page', props: { cause: index % 2 ? 'push' : 'load', route } };
      case 'vital': {
        const [name, value, rating] = VITALS[index % VITALS.length]!;
        return { ...base, type: 'vital', name, props: { id: uuidv7(ts), value: value * (0.5 + random()), rating } };
      }
      case 'api':
        return {
          ...base,
          type: 'api',
          name: `GET /api${route}`,
          props: {
            method: 'GET',
            origin: 'https://crm.example.com',
            route: `/api${route}`,
            status: random() < 0.02 ? 500 : 200,
            duration: Math.round(40 + random() * 300),
            transport: 'fetch',
          },
        };
      case 'track':
        return { ...base, type: 'track', name: TRACKS[index % TRACKS.length]!, props: { plan: 'pro' } };
      case 'error':
        return {
          ...base,
          type: 'error',
          name: 'TypeError',
          props: {
            kind: 'js',
            type: 'TypeError',
            message: 'Cannot read properties of undefined',
            fingerprint: `load-${index % 5}`,
            count: 1,
            handled: false,
            frames: [{ function: 'render', file: 'https://crm.example.com/app.js', line: 12, column: 34, inApp: true }],
            breadcrumbs: [],
          },
        };
    }
  }
  return { ...base, type: 'page', props: { cause: 'load', route } };
}
