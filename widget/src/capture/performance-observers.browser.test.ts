import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { TimingPropsSchema } from '../../../shared/events.ts';
import { observePerformance } from './performance-observers.ts';

describe('custom timings', () => {
  it('reports crm-insights User Timing measures as timing events, also those made before it started', async () => {
    performance.clearMeasures();
    const start = performance.now();
    performance.measure('crm-insights:DealsTable', { start, end: start + 12, detail: { kind: 'render' } });
    performance.measure('unrelated', { start, end: start + 5 });
    const captured: { type: string; name?: string; props?: Record<string, unknown> }[] = [];
    const stop = observePerformance({ capture: (event) => void captured.push(event as never) }, window);
    performance.measure('crm-insights:Checkout', { start, end: start + 30 });
    await expect.poll(() => captured.filter((event) => event.name === 'timing').length).toBe(2);
    stop();
    const timings = captured.filter((event) => event.name === 'timing');
    expect(timings.map((event) => event.props)).toEqual([
      { label: 'DealsTable', duration: 12, start: Math.round(start), kind: 'render' },
      { label: 'Checkout', duration: 30, start: Math.round(start), kind: 'custom' },
    ]);
    for (const event of timings) expect(v.is(TimingPropsSchema, event.props)).toBe(true);
    expect(timings.every((event) => event.type === 'resource')).toBe(true);
  });
});
