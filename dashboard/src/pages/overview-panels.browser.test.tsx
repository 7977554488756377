import { describe, expect, it } from 'vitest';
import type { OverviewAnswer } from '../../../server/src/analytics/queries/overview.ts';
import { renderedText } from '../../../tests/support/render-text.ts';
import { Last24HoursPanel } from './overview-panels.tsx';

/** An overview answer with nothing in it but `revenueToday`. */
function overview(revenueToday: OverviewAnswer['revenueToday']): OverviewAnswer {
  return {
    now: Date.UTC(2026, 0, 5),
    last24h: { events: 3, errors: 0, topEvents: [], topErrors: [] },
    activeUsers: { today: 1, last7Days: 1, last30Days: 1 },
    revenueToday,
    npsThisWeek: { weekStart: '2026-01-05', responses: 0, promoters: 0, passives: 0, detractors: 0, score: null },
    api: [],
    vitals: [],
    projection: { watermark: 0, asOf: null },
  } as unknown as OverviewAnswer;
}

describe('the Last 24 hours panel', () => {
  it('shows a currency whose day total overflowed (Infinity, sent as JSON null) instead of throwing', () => {
    // Two `Revenue` events of 1e308 each are valid; their sum is Infinity, which JSON carries as null.
    const revenueToday = [
      { currency: 'EUR', amount: null as unknown as number, payments: 2 },
      { currency: 'USD', amount: -1234.5, payments: 1 },
    ];
    const text = renderedText(<Last24HoursPanel state={{ status: 'ok', data: overview(revenueToday) }} />);
    expect(text).toContain('Revenue today (EUR)– from 2 payments');
    expect(text).toContain('Revenue today (USD)-1,234.5 from 1 payments');
  });
});
