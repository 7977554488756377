import { describe, expect, it } from 'vitest';
import { passesLuhn, scrubText, scrubUrl, scrubValue } from './scrub.ts';

describe('scrubText', () => {
  it.each([
    ['Contact ada.lovelace+crm@example.co.uk failed', 'Contact [email] failed'],
    ['Authorization: Bearer abc.DEF-123_456~xyz', 'Authorization: Bearer [token]'],
    [
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U leaked',
      'token [jwt] leaked',
    ],
    ['key sk_live_4eC39HqLyjWDarjtT1zdp7dc in config', 'key [api-key] in config'],
    ['github ghp_16C7e42F292c6912E7710c838347Ae178B4a used', 'github [api-key] used'],
    ['aws AKIAIOSFODNN7EXAMPLE', 'aws [api-key]'],
    ['{"api_key": "abcd1234efgh"}', '{"api_key": "[redacted]"}'],
    ['password=hunter22 rejected', 'password=[redacted] rejected'],
    ['paid with 4242 4242 4242 4242 today', 'paid with [card] today'],
    ['paid with 4111-1111-1111-1111', 'paid with [card]'],
    ['card 5555555555554444', 'card [card]'],
    // One of each pattern with no other hint in the text: the cheap pre-test must let every one through.
    ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.dozjgNryP4J3jVmN', 'jwt [jwt]'],
    ['slack xoxb-123456789012-abcdef', 'slack [api-key]'],
    ['maps AIzaSyA1234567890abcdefghijklmnopqrstu', 'maps [api-key]'],
    ['pk_test_abcdefgh1234 set', '[api-key] set'],
    ['passwd: s3cr3tvalue', 'passwd: [redacted]'],
    ['AUTH-TOKEN=abcdef123', 'AUTH-TOKEN=[redacted]'],
    ['Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Authorization: Basic [token]'],
    ['paid 4242424242424242', 'paid [card]'],
    // Not Luhn-valid: an order number of card length survives.
    ['order 1234567890123456 shipped', 'order 1234567890123456 shipped'],
    ['call +44 20 7946 0958', 'call +44 20 7946 0958'],
    ['Deal 42 moved to Qualified', 'Deal 42 moved to Qualified'],
    ['', ''],
  ])('%s', (input, expected) => {
    expect(scrubText(input)).toBe(expected);
  });
});

describe('scrubUrl', () => {
  it.each([
    [
      'https://crm.example.com/contacts?token=abc123&tab=notes',
      [],
      'https://crm.example.com/contacts?token=[redacted]&tab=notes',
    ],
    ['/login?next=/deals&ACCESS_TOKEN=xyz', [], '/login?next=/deals&ACCESS_TOKEN=[redacted]'],
    ['/search?q=ada%40example.com', [], '/search?q=[email]'],
    ['/search?q=ada@example.com', [], '/search?q=[email]'],
    ['/invite?ref=partner&session_hint=s3cret', ['session_hint'], '/invite?ref=partner&session_hint=[redacted]'],
    ['/callback#access_token=abc&state=1', [], '/callback#access_token=[redacted]&state=1'],
    ['/contacts/123', [], '/contacts/123'],
  ])('%s', (url, params, expected) => {
    expect(scrubUrl(url, params)).toBe(expected);
  });
});

describe('scrubValue', () => {
  it('scrubs strings at any depth and URL keys as URLs, keeping other values', () => {
    expect(
      scrubValue({
        message: 'for bob@example.com',
        n: 3,
        ok: true,
        nested: [{ url: '/a?token=t0k3n', note: 'Bearer abcdefgh12345' }],
        none: null,
      }),
    ).toEqual({
      message: 'for [email]',
      n: 3,
      ok: true,
      nested: [{ url: '/a?token=[redacted]', note: 'Bearer [token]' }],
      none: null,
    });
  });
});

describe('passesLuhn', () => {
  it.each([
    ['4242424242424242', true],
    ['378282246310005', true],
    ['4242424242424241', false],
    ['0000000000', false],
  ])('%s → %s', (digits, expected) => {
    expect(passesLuhn(digits)).toBe(expected);
  });
});
