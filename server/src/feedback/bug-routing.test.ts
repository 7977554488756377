import { describe, expect, it } from 'vitest';
import type { BugRoutingRule } from '../../../shared/protocol.ts';
import { routeBugReport } from './bug-routing.ts';

const rules: BugRoutingRule[] = [
  {
    name: 'billing outage',
    pagePrefix: '/billing',
    minSeverity: 'high',
    category: 'billing-oncall',
    webhook: 'http://127.0.0.1:1/billing',
  },
  { name: 'pipeline', keywords: ['Deal', 'pipeline'], category: 'sales-team', webhook: 'http://127.0.0.1:1/sales' },
  { name: 'anything critical', minSeverity: 'critical', category: 'oncall' },
];

describe('routeBugReport', () => {
  it.each([
    [
      { description: 'Invoice total wrong', severity: 'high', path: '/billing/invoices' },
      'billing-oncall',
      'http://127.0.0.1:1/billing',
    ],
    [{ description: 'Invoice total wrong', severity: 'medium', path: '/billing/invoices' }, 'triage', undefined],
    [
      { description: 'the deal card vanished', severity: 'low', path: '/pipeline' },
      'sales-team',
      'http://127.0.0.1:1/sales',
    ],
    [
      { description: 'PIPELINE frozen', severity: 'critical', path: '/reports' },
      'sales-team',
      'http://127.0.0.1:1/sales',
    ],
    [{ description: 'page is blank', severity: 'critical' }, 'oncall', undefined],
    [{ description: 'page is blank', severity: 'high' }, 'triage', undefined],
  ] as const)('%o → %s', (report, category, webhook) => {
    const route = routeBugReport(rules, report);
    expect(route.category).toBe(category);
    expect(route.webhook).toBe(webhook);
  });

  it('routes to triage without rules', () => {
    expect(routeBugReport([], { description: 'x', severity: 'low' })).toEqual({ category: 'triage' });
  });
});
