import { describe, expect, it } from 'vitest';
import { isEventOf, propsProblem } from './events.ts';
import type { CapturedEvent } from './events.ts';
import { validateEvent } from './protocol.ts';
import { EVENT_TYPES } from './wire.ts';
import type { EventType } from './wire.ts';

/** `true` only when A and B are the same union; anything else fails to compile where it is assigned. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;

const ID = '0190a1b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b';
const envelope = { id: ID, ts: 1_700_000_000_000, sessionId: ID, anonymousId: ID };

// One of each member of the union, as the widget builds them: the server must take every one.
const SAMPLES: CapturedEvent[] = [
  { type: 'track', name: 'Deal Won', props: { value: 5 } },
  { type: 'page', props: { cause: 'load', route: '/deals/:id' } },
  { type: 'identify', userId: 'u-1', props: { traits: { plan: 'pro' } } },
  { type: 'vital', name: 'LCP', props: { id: 'v5-1', value: 1200, rating: 'good' } },
  {
    type: 'error',
    name: 'TypeError',
    props: {
      kind: 'js',
      type: 'TypeError',
      message: 'x is undefined',
      fingerprint: 'f1',
      count: 1,
      handled: false,
      frames: [{ function: 'save', file: 'https://crm.example/app.js', line: 3, column: 9, inApp: true }],
      breadcrumbs: [{ ts: 1, category: 'click', message: 'button#save' }],
    },
  },
  {
    type: 'api',
    name: 'GET /deals/:id',
    props: {
      method: 'GET',
      origin: 'https://crm.example',
      route: '/deals/:id',
      status: 200,
      duration: 12,
      transport: 'fetch',
    },
  },
  { type: 'resource', name: 'memory', props: { usedJSHeapSize: 1, totalJSHeapSize: 2, jsHeapSizeLimit: 3 } },
  { type: 'resource', name: 'long-animation-frame', props: { duration: 80, blockingDuration: 30 } },
  {
    type: 'resource',
    name: 'long-animation-frame',
    props: { duration: 80, blockingDuration: 30, script: 'https://crm.test/app.js saveDeal', scriptDuration: 60 },
  },
  { type: 'resource', name: 'timing', props: { label: 'render', duration: 3, start: 10, kind: 'render' } },
  {
    type: 'replay',
    name: 'replay chunk',
    data: '[]',
    props: { replayId: ID, seq: 0, part: 0, final: true, encoding: 'none', mode: 'buffer' },
  },
  {
    type: 'exposure',
    name: 'checkout',
    props: { experiment: 'checkout', variation: 'b', forced: false, hashAttribute: 'id', hashValue: ID },
  },
  { type: 'nps', props: { surveyId: 'nps', score: 9 } },
  { type: 'feedback', props: { text: 'Quick enough' } },
  { type: 'client_report', name: 'dropped', props: { dropped: { overflow: 2 } } },
];

describe('the typed event union', () => {
  it.each(SAMPLES.map((sample) => [`${sample.type} ${sample.name ?? ''}`, sample] as const))(
    'agrees with the server’s wire schema: %s',
    (_name, sample) => {
      expect(validateEvent({ ...envelope, ...sample })).toMatchObject({ ok: true });
    },
  );

  it('names exactly the wire’s event types (a compile-time check), and has a sample of all but two', () => {
    const agrees: Same<CapturedEvent['type'], EventType> = true;
    expect(agrees).toBe(true);
    const covered = new Set(SAMPLES.map((sample) => sample.type));
    expect(EVENT_TYPES.filter((type) => !covered.has(type))).toEqual(['feature_request', 'bug_report']);
  });

  it('finds no props problem in any sample: ingest takes every event the widget builds', () => {
    expect(SAMPLES.map(propsProblem)).toEqual(SAMPLES.map(() => undefined));
  });

  it.each([
    ['a vital without a rating', { type: 'vital', props: { id: 'v5-1', value: 1 } }, 'props.rating: Invalid key'],
    [
      'an api call with two bad fields',
      { type: 'api', props: { ...SAMPLES[5]!.props, status: 1000, transport: 'beacon' } },
      /^props\.status: must be an HTTP status \(0–999\); props\.transport: Invalid type/,
    ],
    [
      'an error frame line past 10^7',
      { type: 'error', props: { ...SAMPLES[4]!.props, frames: [{ line: 1e8, inApp: true }] } },
      'props.frames.0.line: must be at most 10000000',
    ],
    ['a page without props', { type: 'page' }, 'props.cause: Invalid key'],
    ['identify traits that are text', { type: 'identify', props: { traits: 'pro' } }, 'props.traits: Invalid type'],
  ])('names what is wrong with %s', (_case, event, message) => {
    expect(propsProblem(event)).toMatch(message);
  });

  it('checks no props of a type without a schema', () => {
    expect(propsProblem({ type: 'track', props: { anything: [1] } })).toBeUndefined();
    expect(propsProblem({ type: 'nps' })).toBeUndefined();
    expect(propsProblem({ type: 'toString' })).toBeUndefined();
  });

  it('narrows an event to its typed props only when they are what the union says', () => {
    const error = { ...envelope, ...SAMPLES[4]! };
    expect(isEventOf(error, 'error')).toBe(true);
    expect(isEventOf(error, 'api')).toBe(false);
    expect(isEventOf({ ...error, props: { ...error.props, frames: 'none' } }, 'error')).toBe(false);
    expect(isEventOf({ type: 'error' }, 'error')).toBe(false);
  });
});
