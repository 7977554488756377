import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateEvent } from '../../shared/protocol.ts';
import type { InsightEvent } from '../../shared/protocol.ts';
import { ApiPropsSchema, ErrorPropsSchema, propsProblem, VitalPropsSchema } from '../../shared/events.ts';
import { checkEvent } from '../../shared/tracking-plan/check-event.ts';
import { CRM_TRACKING_PLAN } from '../../shared/tracking-plan/crm-plan.ts';
import type { FlagsConfig } from '../../shared/flags/types.ts';
import * as v from 'valibot';
import { seededRandom } from './scale-random.ts';
import { createTraffic, EXPERIMENT_EFFECT } from './scale-traffic.ts';
import type { TrafficOptions } from './scale-traffic.ts';

const flags = JSON.parse(readFileSync('server/flags.example.json', 'utf8')) as FlagsConfig;
const END = Date.UTC(2026, 11, 6, 12);
const DAY = 86_400_000;
const options: TrafficOptions = {
  seed: 7,
  users: 2000,
  days: 28,
  endMs: END,
  events: 20_000,
  flags,
  experiment: 'pipeline-layout',
};

function history(traffic = createTraffic(options)): InsightEvent[] {
  const events: InsightEvent[] = [];
  while (traffic.generated < options.events) events.push(...traffic.next());
  return events;
}

describe('seeded random', () => {
  it('repeats itself for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return [random.next(), random.int(1000), random.uuid(), random.uuidv7(END)];
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    const random = seededRandom(3);
    expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(random.uuidv7(END)).toMatch(
      new RegExp(`^${END.toString(16).padStart(12, '0').slice(0, 8)}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]`),
    );
    const values = Array.from({ length: 10_000 }, () => random.next());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((total, value) => total + value, 0) / values.length).toBeCloseTo(0.5, 1);
  });
});

describe('scale traffic', { timeout: 60_000 }, () => {
  const events = history();

  it('is the same event for event for the same options, and different for another seed', () => {
    expect(history()).toEqual(events);
    const other = createTraffic({ ...options, seed: 8 }).next();
    expect(other[0]!.id).not.toBe(events[0]!.id);
  });

  it('makes about the events asked for, all valid on the wire (props too), tracks on the CRM plan, in the window, oldest sessions first', () => {
    expect(events.length).toBeGreaterThanOrEqual(options.events);
    expect(events.length).toBeLessThan(options.events + 200);
    for (const event of events) {
      expect(validateEvent(event)).toMatchObject({ ok: true });
      expect(propsProblem(event)).toBeUndefined();
      if (event.type === 'track') expect(checkEvent(CRM_TRACKING_PLAN, event.name!, event.props)).toEqual([]);
    }
    const times = events.map((event) => event.ts);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(END - 28 * DAY);
    expect(Math.max(...times)).toBeLessThan(END);
    // Sessions come in order of their start (their first event is at most 400 ms after it).
    const first = new Map<string, number>();
    for (const event of events) if (!first.has(event.sessionId)) first.set(event.sessionId, event.ts);
    const firsts = [...first.values()];
    const late = firsts.filter((ts, index) => index > 0 && ts < firsts[index - 1]! - 400);
    expect(late).toEqual([]);
  });

  it('has the mix of a CRM: page views, vitals with ratings, API timings, errors of a few dozen fingerprints, NPS, identify, revenue', () => {
    const count = (predicate: (event: InsightEvent) => boolean) => events.filter(predicate).length;
    expect(count((event) => event.type === 'page') / events.length).toBeGreaterThan(0.2);
    expect(count((event) => event.type === 'api') / events.length).toBeGreaterThan(0.2);
    const vitals = events.filter((event) => event.type === 'vital');
    expect(new Set(vitals.map((event) => event.name))).toEqual(new Set(['TTFB', 'FCP', 'LCP', 'INP', 'CLS']));
    expect(new Set(vitals.map((event) => event.props?.rating))).toEqual(new Set(['good', 'needs-improvement', 'poor']));
    for (const vital of vitals.slice(0, 200)) expect(v.safeParse(VitalPropsSchema, vital.props).success).toBe(true);
    for (const api of events.filter((event) => event.type === 'api').slice(0, 200))
      expect(v.safeParse(ApiPropsSchema, api.props).success).toBe(true);
    const errors = events.filter((event) => event.type === 'error');
    for (const error of errors) expect(v.safeParse(ErrorPropsSchema, error.props).success).toBe(true);
    const fingerprints = new Set(errors.map((event) => event.props?.fingerprint));
    expect(fingerprints.size).toBeGreaterThan(20);
    expect(fingerprints.size).toBeLessThanOrEqual(40);
    expect(count((event) => event.type === 'nps')).toBeGreaterThan(0);
    expect(count((event) => event.type === 'identify')).toBeGreaterThan(0);
    expect(count((event) => event.name === 'Revenue')).toBeGreaterThan(0);
    expect(count((event) => event.name === 'Signed Up')).toBeGreaterThan(0);
    // Paths are concrete, the template rides along in page props and API routes, as the widget sends them.
    expect(
      events.some(
        (event) =>
          /^\/contacts\/\d+$/.test(event.page?.path ?? '') &&
          event.type === 'page' &&
          event.props?.route === '/contacts/:id',
      ),
    ).toBe(true);
    expect(events.some((event) => event.type === 'api' && event.name === 'GET /api/deals/:id')).toBe(true);
  });

  it('exposes users to the running experiment as the flags engine assigns them, and B converts better', () => {
    const exposures = events.filter((event) => event.type === 'exposure');
    expect(exposures.length).toBeGreaterThan(100);
    const variationOf = new Map(exposures.map((event) => [event.userId, event.props?.variation as string]));
    expect(new Set(variationOf.values())).toEqual(new Set(['control', 'B']));
    for (const exposure of exposures.slice(0, 50))
      expect(exposure.props).toMatchObject({
        experiment: 'pipeline-layout',
        hashAttribute: 'id',
        hashValue: exposure.userId,
        forced: false,
      });
    expect(EXPERIMENT_EFFECT.winRate.B!).toBeGreaterThan(EXPERIMENT_EFFECT.winRate.control!);
    const wonByVariation = { control: 0, B: 0 };
    const usersByVariation = { control: 0, B: 0 };
    for (const variation of variationOf.values()) usersByVariation[variation as 'control' | 'B'] += 1;
    for (const event of events) {
      const variation = variationOf.get(event.userId) as 'control' | 'B' | undefined;
      if (event.name === 'Deal Won' && variation) wonByVariation[variation] += 1;
    }
    expect(wonByVariation.B / usersByVariation.B).toBeGreaterThan(wonByVariation.control / usersByVariation.control);
  });

  it('goes on with live sessions after the history, from the end of the window', () => {
    const traffic = createTraffic({ ...options, events: 500 });
    while (traffic.generated < 500) traffic.next();
    const live = traffic.next();
    expect(live[0]!.ts).toBeGreaterThanOrEqual(END);
  });
});
