import { describe, expect, it, vi } from 'vitest';
import { applyUpdate } from '../components/use-page.ts';
import { apiBase } from './api-client.ts';
import { normalizeOrigin, originPattern } from './origin-pattern.ts';
import { myReport, reportLink } from './report-status.ts';
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

describe('"My reports" from the API', () => {
  const listed = { id: 'r1', createdAt: 1, description: 'Pipeline is empty' };
  it('shows the triage status staff set, with who set it when, and the dashboard link', () => {
    expect(
      myReport(
        {
          ...listed,
          status: 'in-progress',
          statusChangedAt: Date.UTC(2026, 11, 6, 8, 30),
          statusChangedBy: 'staff:ab12',
        },
        'https://insights.example.com',
        'UTC',
      ),
    ).toEqual({
      id: 'r1',
      filedAt: 1,
      description: 'Pipeline is empty',
      status: 'in-progress',
      detail: 'in-progress since 6 Dec 2026, 08:30, set by staff:ab12',
      link: 'https://insights.example.com/dashboard/feedback/bugs/r1',
    });
  });

  it('says nobody triaged a report still open', () => {
    expect(myReport({ ...listed, status: 'open' }, 'https://insights.example.com/api').detail).toBe(
      'open: nobody has triaged it yet',
    );
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

  it('shares a request already under way for the same anonymous id', async () => {
    const issue = vi.fn(async (anonymousId: string) => ({
      ok: true as const,
      token: `t-${anonymousId}`,
      expiresAt: 1e15,
    }));
    const tokens = createOverrideTokens(issue);
    const answers = await Promise.all([tokens.get('a'), tokens.get('a'), tokens.get('b')]);
    expect(answers).toEqual([{ token: 't-a' }, { token: 't-a' }, { token: 't-b' }]);
    expect(issue.mock.calls).toEqual([['a'], ['b']]);
  });
});
