import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../storage/types.ts';
import { routeTemplate } from '../projection/route-template.ts';
import { percentile } from '../vitals-summary.ts';
import { ratio } from '../funnel.ts';
import { apiPerformanceQuery } from './api-performance.ts';
import { openOracle, sameAnswer } from './oracle.ts';
import type { Oracle } from './oracle.ts';
import { overviewQuery } from './overview.ts';
import { randomEvents } from './random-events.ts';
import { revenueQuery } from './revenue.ts';
import { trendsQuery } from './trends.ts';

// The new reads have no JS implementation to match, so each is checked against a plain JS computation of its
// definition over the same random events.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T = Date.UTC(2026, 10, 2);
const since = T + 2 * DAY;
const until = T + 20 * DAY;
const EVENTS = randomEvents(3000, 7);
const inRange = (event: StoredEvent) => event.correctedTs >= since && event.correctedTs < until;
const props = (event: StoredEvent) => (event.props ?? {}) as Record<string, unknown>;
const day = (ts: number) => new Date(Math.floor(ts / DAY) * DAY).toISOString().slice(0, 10);

/** Groups values by a key, in first-seen order. */
function groupBy<T>(list: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of list) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

let oracle: Oracle;
beforeAll(async () => {
  oracle = await openOracle(EVENTS, 97);
}, 120_000);
afterAll(() => oracle.close());

describe('API performance', () => {
  it('gives requests, error rate and nearest-rank p50/p95/p99 per route template and method', async () => {
    const api = EVENTS.filter((event) => event.type === 'api' && inRange(event));
    const expected = [
      ...groupBy(
        api,
        (event) => `${routeTemplate(String(props(event).route))} ${String(props(event).method)}`,
      ).entries(),
    ].map(([key, list]) => {
      const durations = list.map((event) => props(event).duration as number);
      const errors = list.filter((event) => props(event).status === 0 || (props(event).status as number) >= 400).length;
      const [route, method] = key.split(' ');
      return {
        route,
        method,
        requests: list.length,
        errors,
        errorRate: ratio(errors, list.length),
        p50: percentile(durations, 50),
        p95: percentile(durations, 95),
        p99: percentile(durations, 99),
      };
    });
    const answer = await apiPerformanceQuery(oracle.db, { since, until });
    expect(answer.routes.length).toBeGreaterThan(3);
    expect(answer.routes.map(({ requestsPerMinute: _rate, ...row }) => row)).toEqual(expect.arrayContaining(expected));
    expect(answer.routes).toHaveLength(expected.length);
    expect(answer.routes[0]!.requestsPerMinute).toBeCloseTo(answer.routes[0]!.requests / ((until - since) / 60_000), 3);
    expect(answer.daily.reduce((sum, row) => sum + row.requests, 0)).toBe(api.length);
    const filtered = await apiPerformanceQuery(oracle.db, { since, until, route: '/deals', method: 'GET' });
    expect(filtered.routes).toEqual([
      expect.objectContaining({
        route: '/deals',
        method: 'GET',
        requests: expected.find((row) => row.route === '/deals' && row.method === 'GET')!.requests,
      }),
    ]);
  });
});

describe('revenue', () => {
  const revenue = EVENTS.filter((event) => event.name === 'Revenue' && inRange(event));
  it('sums amounts per currency and day, never across currencies', async () => {
    const answer = await revenueQuery(oracle.db, { since, until });
    const totals = [...groupBy(revenue, (event) => String(props(event).currency)).entries()]
      .map(([currency, list]) => ({
        currency,
        amount: list.reduce((sum, event) => sum + (props(event).amount as number), 0),
        payments: list.length,
      }))
      .sort((a, b) => a.currency.localeCompare(b.currency));
    expect(sameAnswer(answer.totals, totals)).toBeUndefined();
    expect(answer.daily.reduce((sum, row) => sum + row.payments, 0)).toBe(revenue.length);
  });

  it('splits by a trait', async () => {
    const answer = await revenueQuery(oracle.db, { since, until, breakdown: { source: 'trait', key: 'plan' } });
    const pro = revenue.filter(
      (event) => (event.context as { user: { plan: string } }).user.plan === 'pro' && props(event).currency === 'EUR',
    );
    expect(answer.totals.find((row) => row.value === 'pro' && row.currency === 'EUR')?.payments).toBe(pro.length);
  });
});

describe('trends', () => {
  it('counts events per hour by type and name (from the rollup, fed in batches of 97)', async () => {
    const answer = await trendsQuery(oracle.db, { series: 'events', since, until, name: 'A' });
    const hours = groupBy(
      EVENTS.filter(
        (event) =>
          event.name === 'A' && event.correctedTs >= Math.floor(since / HOUR) * HOUR && event.correctedTs < until,
      ),
      (event) => `${new Date(Math.floor(event.correctedTs / HOUR) * HOUR).toISOString()} ${event.type}`,
    );
    expect(answer.bucket).toBe('hour');
    expect(answer.points).toEqual(
      [...hours.entries()]
        .map(([key, list]) => ({ hour: key.split(' ')[0]!, type: key.split(' ')[1]!, name: 'A', events: list.length }))
        .sort((a, b) => a.hour.localeCompare(b.hour) || a.type.localeCompare(b.type)),
    );
  });

  it('counts error occurrences per hour and fingerprint', async () => {
    const answer = await trendsQuery(oracle.db, { series: 'errors', since, until, fingerprint: 'fp-a' });
    const errors = EVENTS.filter(
      (event) =>
        event.type === 'error' &&
        props(event).fingerprint === 'fp-a' &&
        event.correctedTs >= since &&
        event.correctedTs < until,
    );
    expect(answer.points.reduce((sum, point) => sum + (point.events as number), 0)).toBe(errors.length);
    expect(answer.points.reduce((sum, point) => sum + (point.occurrences as number), 0)).toBe(
      errors.reduce((sum, event) => sum + (props(event).count as number), 0),
    );
  });

  it('gives DAU, WAU and MAU per day, exactly', async () => {
    const answer = await trendsQuery(oracle.db, { series: 'active-users', since, until });
    const active = new Map<number, Set<string>>();
    for (const event of EVENTS) {
      const index = Math.floor(event.correctedTs / DAY);
      active.set(index, (active.get(index) ?? new Set()).add(event.userId ?? event.anonymousId));
    }
    const over = (last: number, days: number) =>
      new Set(
        [...active.entries()].filter(([index]) => index > last - days && index <= last).flatMap(([, set]) => [...set]),
      ).size;
    const expected = [...active.keys()]
      .filter((index) => index >= since / DAY && index < until / DAY)
      .sort((a, b) => a - b)
      .map((index) => ({
        day: day(index * DAY),
        dau: active.get(index)!.size,
        wau: over(index, 7),
        mau: over(index, 30),
      }));
    expect(answer.points).toEqual(expected);
    expect(expected.some((point) => point.wau > point.dau)).toBe(true);
  });

  it('splits active users by a trait: each person under the last value they carried that day', async () => {
    const answer = await trendsQuery(oracle.db, {
      series: 'active-users',
      since,
      until,
      breakdown: { source: 'trait', key: 'plan' },
    });
    const first = answer.points.find((point) => point.value === 'pro')!;
    const last = new Map<string, string>();
    for (const event of EVENTS.filter((each) => day(each.correctedTs) === first.day)) {
      const plan = (event.context as { user?: { plan?: string } } | undefined)?.user?.plan;
      if (plan) last.set(event.userId ?? event.anonymousId, plan);
    }
    expect(first.dau).toBe([...last.values()].filter((plan) => plan === 'pro').length);
    expect(first.dau).toBeGreaterThan(0);
  });

  it('gives vitals p75 per day, route and metric, the last report of a metric id that day counting', async () => {
    const answer = await trendsQuery(oracle.db, { series: 'vitals', since, until });
    const vitals = EVENTS.filter(
      (event) =>
        event.type === 'vital' && event.correctedTs >= Math.floor(since / DAY) * DAY && event.correctedTs < until,
    );
    const latest = new Map<string, StoredEvent>();
    for (const event of vitals) latest.set(`${day(event.correctedTs)} ${String(props(event).id)}`, event);
    const expected = [
      ...groupBy(
        [...latest.values()],
        (event) => `${day(event.correctedTs)} ${routeTemplate(event.page!.path)} ${event.name}`,
      ).entries(),
    ].map(([key, list]) => ({
      day: key.split(' ')[0],
      route: key.split(' ')[1],
      metric: key.split(' ')[2],
      count: list.length,
      p75: percentile(
        list.map((event) => props(event).value as number),
        75,
      ),
    }));
    expect(answer.points).toEqual(expect.arrayContaining(expected));
    expect(answer.points).toHaveLength(expected.length);
  });
});

describe('overview', () => {
  it('reads the last 24 hours, active people and today from the rollups', async () => {
    const now = T + 10 * DAY + 5 * HOUR;
    const answer = await overviewQuery(oracle.db, { now });
    const hour = Math.floor(now / HOUR);
    const last24h = EVENTS.filter(
      (event) => Math.floor(event.correctedTs / HOUR) > hour - 24 && Math.floor(event.correctedTs / HOUR) <= hour,
    );
    expect(answer.last24h.events).toBe(last24h.length);
    expect(answer.last24h.events).toBeGreaterThan(0);
    const lastSeen = new Map<string, number>();
    for (const event of EVENTS)
      lastSeen.set(
        event.userId ?? event.anonymousId,
        Math.max(lastSeen.get(event.userId ?? event.anonymousId) ?? 0, Math.floor(event.correctedTs / DAY)),
      );
    const today = Math.floor(now / DAY);
    // Last seen up to today: the fixture also holds later days, which the rollup cannot tell apart from today.
    expect(answer.activeUsers.last30Days).toBe([...lastSeen.values()].filter((index) => index > today - 30).length);
    expect(answer.npsThisWeek.weekStart).toBe('2026-11-09');
  });
});
