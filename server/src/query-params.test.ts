import { describe, expect, it } from 'vitest';
import { parseTime, queryChoice, queryInteger, queryOrigin, queryText } from './query-params.ts';

describe('parseTime', () => {
  it.each([
    ['0', 0],
    ['1767225600000', Date.UTC(2026, 0, 1)],
    ['2026-01-01', Date.UTC(2026, 0, 1)],
    ['2026-02-28T23:59Z', Date.UTC(2026, 1, 28, 23, 59)],
    ['2026-01-31T09:30:00Z', Date.UTC(2026, 0, 31, 9, 30)],
    ['2026-01-31T09:30:00.250+01:00', Date.UTC(2026, 0, 31, 8, 30, 0, 250)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
  ])('reads %s', (text, time) => {
    expect(parseTime(text)).toBe(time);
  });

  it.each([
    "' OR '1'='1",
    'Thu, 01 Jan 2026 00:00:00 GMT',
    '2026-02-31',
    '2025-02-29',
    '2026-13-01',
    '2026-01-01T10:00',
    '2026-01-01T25:00Z',
    '2026-1-1',
    '1e21',
    '-1',
    '1.5',
    '8640000000000000',
    '2201-01-01',
    ' 2026-01-01',
    'yesterday',
  ])('refuses %s', (text) => {
    expect(parseTime(text)).toBeUndefined();
  });
});

describe('queryInteger', () => {
  it.each(['1e3', '0x10', '1.0', ' 5', '99999999999999999'])('refuses %s', (text) => {
    expect(() => queryInteger(text, 'limit', 1, 1, 1000)).toThrow(/^limit must be an integer from 1 to 1000$/);
  });
});

describe('queryChoice, queryText and queryOrigin', () => {
  it('takes a listed choice, nothing when absent, and refuses the rest naming the choices', () => {
    expect(queryChoice('open', 'status', ['open', 'resolved'])).toBe('open');
    expect(queryChoice('', 'status', ['open', 'resolved'])).toBeUndefined();
    expect(() => queryChoice('Open', 'status', ['open', 'resolved'])).toThrow(/^status must be one of open, resolved$/);
  });

  it('takes text up to its limit', () => {
    expect(queryText('install-1', 'reporter')).toBe('install-1');
    expect(() => queryText('x'.repeat(201), 'reporter')).toThrow(/^reporter is longer than 200 characters$/);
  });

  it.each(['https://crm.example.com', 'http://127.0.0.1:8787'])('takes the origin %s', (origin) => {
    expect(queryOrigin(origin, 'origin')).toBe(origin);
  });

  it.each([
    'https://crm.example.com/',
    'https://crm.example.com/deals',
    'crm.example.com',
    'ftp://files.example.com',
    'null',
  ])('refuses %s, which is not an origin', (text) => {
    expect(() => queryOrigin(text, 'origin')).toThrow(
      /^origin must be a web origin such as https:\/\/crm\.example\.com/,
    );
  });
});
