import { describe, expect, it } from 'vitest';
import { addressAllowed, hostAllowed, internalRange, parseAllowList } from './address-policy.ts';
import { literalRefusal } from './destination.ts';
import { parseIpAddress } from './ip-address.ts';

describe('internalRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['2130706433', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['0x7f000001', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['0.0.0.0', 'unspecified'],
    ['0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved or broadcast'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1%eth0', 'link-local'],
    ['fd00::1', 'unique-local'],
    ['fc00::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:169.254.169.254]', 'link-local (cloud metadata)'],
    ['::ffff:a9fe:a9fe', 'link-local (cloud metadata)'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
  ])('%s is %s', (text, range) => {
    expect(internalRange(parseIpAddress(text)!)).toBe(range);
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '169.255.0.1',
    '93.184.216.34',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '2002:0808:0808::1',
  ])('%s is public', (text) => {
    expect(internalRange(parseIpAddress(text)!)).toBeUndefined();
  });

  it.each(['1.2.3.4.5', '256.0.0.1', '1.2.3.0x100', '09.1.1.1', '1::2::3', '::ffff:1.2.3', 'example.com', '', 'g::1'])(
    '%j is not an address',
    (text) => {
      expect(parseIpAddress(text)).toBeUndefined();
    },
  );
});

describe('the allow-list', () => {
  const allow = parseAllowList(['hooks.internal', '*.corp.example', '10.0.0.0/8', '127.0.0.1', 'fd00::/8']);

  it.each([
    ['hooks.internal', true],
    ['HOOKS.internal.', true],
    ['a.hooks.internal', false],
    ['ci.corp.example', true],
    ['corp.example', false],
    ['evilcorp.example', false],
  ])('host %s allowed: %s', (host, allowed) => {
    expect(hostAllowed(allow, host)).toBe(allowed);
  });

  it.each([
    ['10.9.8.7', true],
    ['127.0.0.1', true],
    ['127.0.0.2', false],
    ['::ffff:127.0.0.1', true],
    ['fd12::1', true],
    ['192.168.0.1', false],
  ])('address %s allowed: %s', (address, allowed) => {
    expect(addressAllowed(allow, parseIpAddress(address)!)).toBe(allowed);
  });

  it.each(['10.0.0.0/33', 'exa mple.com', 'http://x', '1.2.3.4/x', '::/129'])('refuses the entry %j', (entry) => {
    expect(() => parseAllowList([entry])).toThrow(/outbound allow-list entry/);
  });
});

describe('literalRefusal', () => {
  const none = parseAllowList([]);
  it.each([
    ['http://127.0.0.1:9/hook', /127\.0\.0\.1 is a loopback address/],
    ['http://2130706433/', /loopback/],
    ['http://0x7f.1/', /loopback/],
    ['http://[::ffff:7f00:1]/', /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /link-local/],
    ['http://localhost:8787/', /localhost is the server itself/],
    ['http://api.localhost/', /server itself/],
    ['ftp://hooks.example.com/', /only http and https/],
  ])('refuses %s', (url, message) => {
    expect(literalRefusal(new URL(url), none)).toMatch(message);
  });

  it.each(['https://hooks.slack.com/services/T/B/X', 'http://93.184.216.34/', 'https://internal.example/'])(
    'lets %s be tried',
    (url) => {
      expect(literalRefusal(new URL(url), none)).toBeUndefined();
    },
  );

  it('lets allow-listed internal addresses and names through', () => {
    const allow = parseAllowList(['127.0.0.1', 'localhost']);
    expect(literalRefusal(new URL('http://127.0.0.1:9/'), allow)).toBeUndefined();
    expect(literalRefusal(new URL('http://localhost:9/'), allow)).toBeUndefined();
    expect(literalRefusal(new URL('http://10.0.0.1/'), allow)).toMatch(/private/);
  });
});
