import { describe, expect, it } from 'vitest';
import { heaviestRead, rateFigure, scaleChecks, scaleFigures, summarizeRead } from './scale-summary.ts';
import type { ReadFigure } from './scale-summary.ts';

const read = { id: 'funnel', label: 'funnel', path: '/api/analytics/funnels' };
const figure = (id: string, p50Ms?: number, p95Ms?: number, extra: Partial<ReadFigure> = {}): ReadFigure => ({
  id,
  label: id,
  path: `/${id}`,
  calls: 5,
  outcome: p50Ms === undefined ? 'HTTP 404' : 'ok',
  p50Ms,
  p95Ms,
  callMedianMs: p50Ms ?? 2,
  ...extra,
});

describe('scale summary', () => {
  it('takes p50 and p95 over the calls that answered, by nearest rank', () => {
    const calls = [120, 80, 100, 900, 110].map((ms) => ({ ms, status: 200, bytes: 10 }));
    expect(summarizeRead(read, calls)).toMatchObject({
      calls: 5,
      outcome: 'ok',
      p50Ms: 110,
      p95Ms: 900,
      maxMs: 900,
      bytes: 10,
      callMedianMs: 110,
    });
    const mixed = [
      { ms: 50, status: 200, bytes: 3 },
      { ms: 9000, status: 503, bytes: 20, error: 'busy' },
    ];
    expect(summarizeRead(read, mixed)).toMatchObject({
      outcome: 'ok in 1 of 2 calls (HTTP 503: busy)',
      p50Ms: 50,
      p95Ms: 50,
    });
  });

  it.each([
    [
      [{ ms: 3, status: 404, bytes: 40, error: 'no route GET /api/analytics/overview' }],
      'HTTP 404: no route GET /api/analytics/overview',
    ],
    [[{ ms: 3, status: 0, bytes: 0, error: 'fetch failed' }], 'fetch failed'],
    [[], 'not run'],
  ])('reports a read that never answered as what it answered instead (%#)', (calls, outcome) => {
    const summary = summarizeRead(read, calls);
    expect(summary.outcome).toBe(outcome);
    expect(summary.p50Ms).toBeUndefined();
  });

  it('finds the heaviest read, a read stopped by its time limit included, a missing one never', () => {
    expect(heaviestRead([figure('a', 10, 20), figure('b', 500, 600), figure('c')])?.id).toBe('b');
    expect(
      heaviestRead([
        figure('a', 10, 20),
        figure('stopped', undefined, undefined, { outcome: 'HTTP 503: took longer than 10 s', callMedianMs: 10_000 }),
      ])?.id,
    ).toBe('stopped');
    expect(heaviestRead([figure('c', undefined, undefined, { callMedianMs: 50_000 })])).toBeUndefined();
  });

  it('computes rates from accepted events and latencies', () => {
    expect(
      rateFigure({
        events: 1000,
        accepted: 990,
        seconds: 2,
        latencies: [1, 2, 3, 100],
        failures: 1,
        failureReasons: { '503: busy': 1 },
      }),
    ).toEqual({
      events: 1000,
      accepted: 990,
      seconds: 2,
      eventsPerSecond: 495,
      p50Ms: 2,
      p99Ms: 100,
      failures: 1,
      failureReasons: { '503: busy': 1 },
    });
  });

  it('checks the issue targets, leaving "every read" unmeasured while a read does not answer', () => {
    const start = rateFigure({
      events: 100,
      accepted: 100,
      seconds: 1,
      latencies: [5],
      failures: 0,
      failureReasons: {},
    });
    const end = rateFigure({
      events: 100,
      accepted: 100,
      seconds: 1.5,
      latencies: [5],
      failures: 0,
      failureReasons: {},
    });
    const reads = [
      figure('overview', 4, 30),
      figure('funnel', 900, 1500, { ingestP99Ms: 40, loopDelayMaxMs: 12 }),
      figure('retention', 300, 2500),
    ];
    const figures = scaleFigures({ reads, peakRssBytes: 600 * 2 ** 20, ingestStart: start, ingestEnd: end });
    expect(figures).toEqual({
      worstReadP95Ms: 2500,
      overviewP95Ms: 30,
      ingestP99DuringHeaviestMs: 40,
      loopDelayDuringHeaviestMs: 12,
      peakRssMb: 600,
      endToStartIngest: 100 / 1.5 / 100,
    });
    expect(scaleChecks(figures).map((check) => [check.limit.id, check.status])).toEqual([
      ['worstReadP95Ms', 'fail'],
      ['overviewP95Ms', 'pass'],
      ['ingestP99DuringHeaviestMs', 'pass'],
      ['loopDelayDuringHeaviestMs', 'pass'],
      ['peakRssMb', 'fail'],
      ['endToStartIngest', 'fail'],
    ]);
    expect(scaleFigures({ reads: [...reads, figure('trends')] }).worstReadP95Ms).toBeUndefined();
  });
});
