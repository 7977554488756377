import { describe, expect, it } from 'vitest';
import { renderedText } from '../../../tests/support/render-text.ts';
import { RevenueView } from './product-panels.tsx';

describe('the revenue view', () => {
  it('shows a currency whose total overflowed (Infinity, sent as JSON null) instead of throwing', () => {
    // Two `Revenue` events of 1e308 each are valid; their sum is Infinity, which JSON carries as null.
    const totals = [
      { currency: 'EUR', amount: null as unknown as number, payments: 2 },
      { currency: 'USD', amount: -1234.567, payments: 1 },
    ];
    const data = { since: 0, until: 1, totals, daily: [] };
    const text = renderedText(<RevenueView data={data} span={{ since: 0, until: 1 }} />);
    expect(text).toContain('EUR–2');
    expect(text).toContain('USD-1,234.571');
  });
});
