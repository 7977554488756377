import { describe, expect, it, vi } from 'vitest';
import { applyUpdate } from '../components/use-page.ts';
import { apiBase } from './api-client.ts';
import { normalizeOrigin, originPattern } from './origin-pattern.ts';
import { reportLink, reportStatus } from './report-status.ts';
import type { PageSnapshot } from './messages.ts';
import { createOverrideTokens } from './override-tokens.ts';

describe('CRM sites', () => {
  it.each([
    ['crm.example.com', 'https://crm.example.com'],
    ['https://crm.example.com/deals?x=1', 'https://crm.example.com'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['  ', undefined],
    ['ftp://files.example.com', undefined],
    ['not a host at all!', undefined],
  ])('reads %j as %j', (text, origin) => {
    expect(normalizeOrigin(text)).toBe(origin);
  });

  it('grants every port of a host, since match patterns carry none', () => {
    expect(originPattern('http://127.0.0.1:8787')).toBe('http://127.0.0.1/*');
    expect(originPattern('https://crm.example.com')).toBe('https://crm.example.com/*');
  });
});

describe('API addresses', () => {
  it.each([
    ['https://insights.example.com', 'https://insights.example.com/api'],
    ['https://insights.example.com/api/', 'https://insights.example.com/api'],
  ])('%s → %s', (endpoint, base) => expect(apiBase(endpoint)).toBe(base));

  it('links a report to the dashboard', () => {
    expect(reportLink('https://insights.example.com/api', 'a b')).toBe(
      'https://insights.example.com/dashboard/feedback/bugs/a%20b',
    );
  });
});

describe('report status from the API', () => {
  it.each<[string, { category?: string; webhook?: string }, Parameters<typeof reportStatus>[1], string]>([
    ['no webhook', { category: 'triage' }, [], 'stored'],
    [
      'delivered',
      { category: 'payments', webhook: 'https://hooks' },
      [
        { attempt: 1, ok: false, error: 'timeout' },
        { attempt: 2, ok: true, status: 204 },
      ],
      'delivered',
    ],
    ['refused by the receiver', { webhook: 'https://hooks' }, [{ attempt: 1, ok: false, status: 410 }], 'failed'],
    ['retrying after a 503', { webhook: 'https://hooks' }, [{ attempt: 1, ok: false, status: 503 }], 'delivering'],
    ['not tried yet', { webhook: 'https://hooks' }, [], 'delivering'],
  ])('%s', (_name, report, deliveries, status) => {
    expect(reportStatus(report, deliveries).status).toBe(status);
  });
});

describe('panel snapshot updates', () => {
  const base: PageSnapshot = { openedAt: 0, taken: false, events: [{ id: 'a', type: 'track', ts: 2 }] };
  it('merges history and events by id, in time order, and applies state and flags', () => {
    const withHistory = applyUpdate(base, {
      part: 'history',
      events: [
        { id: 'v', type: 'vital', ts: 1 },
        { id: 'a', type: 'track', ts: 2 },
      ],
    });
    expect(withHistory.events.map((event) => event.id)).toEqual(['v', 'a']);
    expect(
      applyUpdate(withHistory, { part: 'event', event: { id: 'b', type: 'error', ts: 3 } }).events.map(
        (event) => event.id,
      ),
    ).toEqual(['v', 'a', 'b']);
    expect(
      applyUpdate(
        { ...base, taken: true },
        {
          part: 'flags',
          flags: { configSource: 'none', productionMode: false, overrideStatus: 'none', flags: [], experiments: [] },
        },
      ).taken,
    ).toBe(false);
    expect(applyUpdate(base, { part: 'override-error', error: 'Not signed in' }).overrideError).toBe('Not signed in');
  });
});

describe('override tokens for a page', () => {
  it('asks once per anonymous id, renews before expiry, and says why when refused', async () => {
    let now = 1_000_000;
    const issue = vi.fn(async (anonymousId: string) =>
      anonymousId === 'refused'
        ? { ok: false as const, error: 'Not signed in' }
        : { ok: true as const, token: `t-${anonymousId}-${now}`, expiresAt: now + 3_600_000 },
    );
    const tokens = createOverrideTokens(issue, () => now);
    expect(await tokens.get('a')).toEqual({ token: 't-a-1000000' });
    expect(await tokens.get('a')).toEqual({ token: 't-a-1000000' });
    expect(issue).toHaveBeenCalledTimes(1);
    expect(tokens.has('b')).toBe(false);
    now += 3_600_000 - 60_000;
    expect(await tokens.get('a')).toEqual({ token: `t-a-${now}` });
    expect(await tokens.get('refused')).toEqual({ error: 'Not signed in' });
  });
});
