import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../shared/bridge.ts';
import { createDropCounter } from '../../widget/src/delivery/drop-report.ts';
import { countDrops, filterEvents, formatVital, summarizeEvent, vitalSeries } from './live-events.ts';

const events: LiveEvent[] = [
  { id: '1', type: 'vital', name: 'LCP', ts: 1, props: { value: 1200, rating: 'good' } },
  { id: '2', type: 'api', ts: 2, props: { method: 'POST', route: '/api/deals/:id', status: 502, duration: 130.4 } },
  { id: '3', type: 'error', ts: 3, props: { message: 'lookup failed' } },
  { id: '4', type: 'track', name: 'Deal Won', ts: 4, props: { amount: 40 } },
  { id: '5', type: 'vital', name: 'LCP', ts: 5, props: { value: 2600, rating: 'needs-improvement' } },
  { id: '6', type: 'client_report', name: 'dropped', ts: 6, props: { dropped: { overflow: 3, 'storage-full': 1 } } },
  { id: '7', type: 'client_report', name: 'dropped', ts: 7, props: { dropped: { overflow: 2 } } },
  { id: '8', type: 'vital', name: 'CLS', ts: 8, props: { value: 0.05123, rating: 'good' } },
];

describe('Live tab logic', () => {
  it.each<[string, Parameters<typeof filterEvents>[1], string, string[]]>([
    ['every event', 'all', '', ['1', '2', '3', '4', '5', '6', '7', '8']],
    ['one type', 'vital', '', ['1', '5', '8']],
    ['types no filter names', 'other', '', ['6', '7']],
    ['text in the summary', 'all', 'deal won', ['4']],
    ['text in the props', 'all', '/api/deals', ['2']],
    ['type and text together', 'error', 'lookup', ['3']],
    ['nothing', 'api', 'lookup', []],
  ])('filters %s', (_name, filter, search, ids) => {
    expect(filterEvents(events, filter, search).map((event) => event.id)).toEqual(ids);
  });

  it.each<[LiveEvent, string]>([
    [events[0]!, 'LCP 1200 ms (good)'],
    [events[1]!, 'POST /api/deals/:id → 502 in 130 ms'],
    [events[2]!, 'lookup failed'],
    [events[3]!, 'Deal Won'],
    [events[7]!, 'CLS 0.051 (good)'],
  ])('summarizes %#', (event, text) => {
    expect(summarizeEvent(event)).toBe(text);
  });

  it('keeps each vital’s updates in order and sums drops by reason', () => {
    expect(
      [...vitalSeries(events)].map(([name, updates]) => [name, updates.map((update) => update.props?.value)]),
    ).toEqual([
      ['LCP', [1200, 2600]],
      ['CLS', [0.05123]],
    ]);
    expect(countDrops(events)).toEqual({ overflow: 5, 'storage-full': 1 });
    expect(formatVital('INP', Number.NaN)).toBe('?');
  });

  it('counts drops as the widget reports them, under `dropped`, and nothing else in the props', () => {
    const counter = createDropCounter();
    counter.add('overflow', 4);
    counter.add('sampled', 2);
    const report = (id: string, props: Record<string, unknown>): LiveEvent => ({
      id,
      type: 'client_report',
      name: 'dropped',
      ts: Number(id),
      props,
    });
    expect(
      countDrops([
        report('1', { dropped: counter.take() }),
        report('2', { dropped: { overflow: 1, invalid: 'many', expired: -3 } }),
        report('3', { overflow: 100 }),
        report('4', { dropped: [7] }),
      ]),
    ).toEqual({ overflow: 5, sampled: 2 });
  });
});
