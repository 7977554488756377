import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../storage/types.ts';
import { toEventRow } from './event-row.ts';
import { routeTemplate } from './route-template.ts';

const base: StoredEvent = {
  id: '0190a000-0003-7000-8000-000000000001',
  type: 'track',
  ts: 990,
  correctedTs: 1000,
  receivedAt: 1005,
  sessionId: '0190a000-0002-7000-8000-000000000001',
  anonymousId: '0190a000-0001-7000-8000-000000000001',
};
const row = (patch: Partial<StoredEvent>) => toEventRow({ ...base, ...patch }, 7);

describe('toEventRow', () => {
  it('keeps the envelope: position, times, who, page and its route template', () => {
    expect(
      row({
        name: 'Deal Won',
        userId: 'u1',
        page: { url: 'https://crm.test/deals/42', path: '/deals/42' },
        props: { value: 12, plan: 'pro', nested: { a: 1 } },
        tags: ['off-plan'],
      }),
    ).toMatchObject({
      seq: 7,
      type: 'track',
      name: 'Deal Won',
      ts: 1000,
      client_ts: 990,
      received_at: 1005,
      user_id: 'u1',
      path: '/deals/42',
      route: '/deals/:id',
      value: 12,
      off_plan: true,
      props: '{"value":12,"plan":"pro"}',
      metric_id: null,
      fingerprint: null,
      score: null,
      unit: null,
    });
  });

  it.each<[string, Partial<StoredEvent>, Record<string, unknown>]>([
    [
      'a vital, by its metric id',
      { type: 'vital', name: 'LCP', props: { id: 'm1', value: 2600, rating: 'poor' } },
      { metric_id: 'm1', value: 2600, rating: 'poor', path: null },
    ],
    [
      'a vital without an id, by the event id',
      { type: 'vital', name: 'LCP', props: { value: 1 } },
      { metric_id: base.id, rating: null },
    ],
    [
      'a vital without a numeric value, not at all',
      { type: 'vital', name: 'LCP', props: { id: 'm1', value: 'x' } },
      { metric_id: null },
    ],
    [
      'an error with a fingerprint',
      {
        type: 'error',
        name: 'TypeError',
        props: { fingerprint: 'fp', count: 3, message: 'm', kind: 'api', frames: [{ inApp: true }] },
      },
      {
        fingerprint: 'fp',
        error_count: 3,
        error_type: 'TypeError',
        error_kind: 'api',
        message: 'm',
        frames: '[{"inApp":true}]',
      },
    ],
    [
      'an error without one, by type and message',
      { type: 'error', name: 'RangeError', props: { message: 'too big', count: 0 } },
      { fingerprint: 'RangeError: too big', error_count: 1, error_type: 'RangeError', error_kind: 'js', frames: '[]' },
    ],
    [
      'an exposure hashed on an attribute',
      { type: 'exposure', props: { experiment: 'e', variation: 1, hashAttribute: 'companyId', hashValue: 'c9' } },
      { experiment: 'e', variation: '1', unit: 'companyId:c9', overridden: false },
    ],
    [
      'an exposure without a hash value, by anonymous id',
      { type: 'exposure', props: { experiment: 'e', variation: 'b', forced: true } },
      { unit: `anonymousId:${base.anonymousId}`, forced: true, overridden: true },
    ],
    [
      'an override-tagged exposure',
      { type: 'exposure', tags: ['override'], props: { experiment: 'e' } },
      { override_tag: true, overridden: false, variation: null },
    ],
    ['an overridden event', { context: { overridden: true } }, { overridden: true }],
    [
      'an NPS answer',
      { type: 'nps', props: { score: 9, comment: 'good', surveyId: 's1' } },
      { score: 9, survey_id: 's1', comment: 'good' },
    ],
    [
      'an NPS answer out of range',
      { type: 'nps', props: { score: 11, comment: 'x' } },
      { score: null, survey_id: null, comment: null },
    ],
    [
      'an NPS answer that is not a whole number',
      { type: 'nps', props: { score: 7.5, surveyId: 's1' } },
      { score: null, survey_id: null },
    ],
    ['a score on an event other than an NPS answer', { type: 'track', props: { score: 9 } }, { score: null }],
    ['revenue', { name: 'Revenue', props: { amount: 49.5, currency: 'EUR' } }, { amount: 49.5, currency: 'EUR' }],
    [
      'a refund, as a negative amount',
      { name: 'Revenue', props: { amount: -1e12, currency: 'EUR' } },
      { amount: -1e12, currency: 'EUR' },
    ],
    [
      'an amount no payment reaches (a few would sum to Infinity)',
      { name: 'Revenue', props: { amount: 1e308, currency: 'EUR' } },
      { amount: null, currency: null },
    ],
    [
      'an API timing',
      {
        type: 'api',
        name: 'GET /contacts/:id',
        props: { method: 'GET', route: '/contacts/17', status: 503, duration: 120 },
      },
      { route: '/contacts/:id', method: 'GET', status: 503, duration: 120 },
    ],
    [
      'identify traits',
      { type: 'identify', props: { traits: { plan: 'pro', seats: 3, tags: ['x'] } } },
      { traits: '{"plan":"pro","seats":3}' },
    ],
    [
      'the traits every later event carries',
      { context: { user: { plan: 'free' }, release: '1.2.0' } },
      { traits: '{"plan":"free"}', release: '1.2.0' },
    ],
  ])('derives %s', (_label, patch, expected) => {
    expect(row(patch)).toMatchObject(expected);
  });
});

describe('routeTemplate', () => {
  it.each([
    ['/contacts/123', '/contacts/:id'],
    ['/deals/0190a000-0003-7000-8000-000000000001/notes', '/deals/:uuid/notes'],
    ['/files/deadbeefdeadbeefdeadbeef?x=1', '/files/:hash'],
    ['/contacts', '/contacts'],
    ['', '/'],
  ])('%s → %s', (path, template) => {
    expect(routeTemplate(path)).toBe(template);
  });

  it('is null without a path', () => {
    expect(routeTemplate(undefined)).toBeNull();
  });
});
