import { describe, expect, it } from 'vitest';
import { countSession, emptyHistory, surveyDecision, traitsMatch } from './survey-schedule.ts';
import type { SurveyDefinition, SurveyHistory } from './survey-schedule.ts';

const DAY = 86_400_000;
const NOW = 100 * DAY;
const base: SurveyHistory = { ...emptyHistory(NOW - 10 * DAY), sessions: 5 };
const context = { now: NOW, path: '/demo/pipeline', traits: { plan: 'pro', admin: true } };

describe('surveyDecision', () => {
  it.each<[string, SurveyDefinition, Partial<SurveyHistory>, Partial<typeof context> & { event?: string }, boolean]>([
    ['no conditions', { id: 'nps' }, {}, {}, true],
    ['enough sessions', { id: 'nps', afterSessions: 5 }, {}, {}, true],
    ['too few sessions', { id: 'nps', afterSessions: 6 }, {}, {}, false],
    ['enough days', { id: 'nps', afterDays: 10 }, {}, {}, true],
    ['too few days', { id: 'nps', afterDays: 11 }, {}, {}, false],
    ['on its page', { id: 'nps', pagePrefix: '/demo/pipe' }, {}, {}, true],
    ['on another page', { id: 'nps', pagePrefix: '/demo/contacts' }, {}, {}, false],
    ['after its event', { id: 'nps', afterEvent: 'Deal Won' }, {}, { event: 'Deal Won' }, true],
    ['without its event', { id: 'nps', afterEvent: 'Deal Won' }, {}, {}, false],
    ['after another event', { id: 'nps', afterEvent: 'Deal Won' }, {}, { event: 'Deal Lost' }, false],
    ['within its throttle', { id: 'nps', throttleDays: 30 }, { shown: { nps: NOW - 29 * DAY } }, {}, false],
    ['after its throttle', { id: 'nps', throttleDays: 30 }, { shown: { nps: NOW - 31 * DAY } }, {}, true],
    ['default throttle is 90 days', { id: 'nps' }, { shown: { nps: NOW - 89 * DAY } }, {}, false],
    ['another survey too recently (global cap)', { id: 'nps' }, { shown: { csat: NOW - 13 * DAY } }, {}, false],
    ['another survey long ago', { id: 'nps' }, { shown: { csat: NOW - 15 * DAY } }, {}, true],
    ['matching traits', { id: 'nps', traits: { plan: ['pro', 'enterprise'], admin: true } }, {}, {}, true],
    ['other traits', { id: 'nps', traits: { plan: 'free' } }, {}, {}, false],
  ])('%s', (_name, survey, history, extra, show) => {
    expect(surveyDecision(survey, { ...base, ...history }, { ...context, ...extra }).show).toBe(show);
  });

  it('explains why not', () => {
    expect(surveyDecision({ id: 'nps', afterSessions: 9 }, base, context)).toEqual({
      show: false,
      reason: '5 of 9 sessions so far',
    });
  });
});

describe('countSession', () => {
  it('counts each session id once', () => {
    const once = countSession(emptyHistory(0), 'a');
    expect(countSession(once, 'a').sessions).toBe(1);
    expect(countSession(countSession(once, 'b'), 'b').sessions).toBe(2);
  });
});

describe('traitsMatch', () => {
  it.each([
    [undefined, {}, true],
    [{ plan: 'pro' }, { plan: 'pro' }, true],
    [{ plan: 'pro' }, {}, false],
    [{ seats: [5, 10] }, { seats: 10 }, true],
  ] as const)('%o vs %o → %s', (wanted, traits, expected) => {
    expect(traitsMatch(wanted, traits)).toBe(expected);
  });
});
