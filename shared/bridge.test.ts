import { describe, expect, it } from 'vitest';
import {
  BRIDGE_CHANNEL,
  BRIDGE_MAX_BYTES,
  ConnectSchema,
  PortFromWidgetSchema,
  PortToWidgetSchema,
  parseBridgeMessage,
} from './bridge.ts';

const overrides = (body: unknown) => ({ channel: BRIDGE_CHANNEL, kind: 'overrides', overrides: body });

describe('bridge validation', () => {
  it.each<[string, unknown, boolean]>([
    ['forced variation by key', overrides({ experiments: { layout: 'B' } }), true],
    ['forced variation by index', overrides({ experiments: { layout: 1 } }), true],
    [
      'flag values of any JSON type, with a token',
      { ...overrides({ flags: { a: true, b: 3, c: 'x', d: { e: [1] } } }), token: 'ot1.a.b' },
      true,
    ],
    ['empty overrides (clear)', overrides({}), true],
    ['state request', { channel: BRIDGE_CHANNEL, kind: 'get-flags' }, true],
    ['refresh', { channel: BRIDGE_CHANNEL, kind: 'refresh' }, true],
    ['bug-bundle request', { channel: BRIDGE_CHANNEL, kind: 'get-bug-bundle', requestId: 'bug-1' }, true],
    ['bug-bundle request without an id', { channel: BRIDGE_CHANNEL, kind: 'get-bug-bundle' }, false],
    ['another channel', { channel: 'other', kind: 'get-flags' }, false],
    ['unknown kind', { channel: BRIDGE_CHANNEL, kind: 'eval' }, false],
    ['negative variation index', overrides({ experiments: { layout: -1 } }), false],
    ['fractional variation index', overrides({ experiments: { layout: 0.5 } }), false],
    ['an empty key', overrides({ flags: { '': true } }), false],
    ['overrides that are not an object', overrides('B'), false],
    [
      'more than 200 flags',
      overrides({ flags: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, true])) }),
      false,
    ],
    ['a token over 4000 characters', { ...overrides({}), token: 'x'.repeat(4001) }, false],
    ['not an object', 'overrides', false],
    ['null', null, false],
  ])('to the widget: %s → %s', (_name, message, accepted) => {
    expect(parseBridgeMessage(PortToWidgetSchema, message) !== undefined).toBe(accepted);
  });

  it('refuses a message over the size cap, whatever its shape', () => {
    const huge = overrides({ attributes: { blob: 'x'.repeat(BRIDGE_MAX_BYTES) } });
    expect(parseBridgeMessage(PortToWidgetSchema, huge)).toBeUndefined();
  });

  it('refuses a message that cannot be serialized (a cycle) instead of throwing', () => {
    const cyclic: Record<string, unknown> = { channel: BRIDGE_CHANNEL, kind: 'get-flags' };
    cyclic.self = cyclic;
    expect(parseBridgeMessage(PortToWidgetSchema, cyclic)).toBeUndefined();
  });

  it.each<[string, unknown, boolean]>([
    ['the connect handshake', { channel: BRIDGE_CHANNEL, direction: 'to-widget', kind: 'connect' }, true],
    ['a connect from the widget side', { channel: BRIDGE_CHANNEL, direction: 'from-widget', kind: 'connect' }, false],
  ])('handshake: %s → %s', (_name, message, accepted) => {
    expect(parseBridgeMessage(ConnectSchema, message) !== undefined).toBe(accepted);
  });

  it.each<[string, unknown, boolean]>([
    ['taken', { channel: BRIDGE_CHANNEL, kind: 'taken' }, true],
    [
      'an event',
      {
        channel: BRIDGE_CHANNEL,
        kind: 'event',
        event: { id: 'e1', type: 'vital', ts: 1, props: { name: 'LCP', value: 1200, rating: 'good' } },
      },
      true,
    ],
    [
      'flags state',
      {
        channel: BRIDGE_CHANNEL,
        kind: 'flags',
        flags: {
          configSource: 'network',
          productionMode: false,
          overrideStatus: 'applied',
          flags: [{ key: 'a', value: true, source: 'override', ruleId: '', forced: true, hashUsed: false }],
          experiments: [],
        },
      },
      true,
    ],
    [
      'history',
      {
        channel: BRIDGE_CHANNEL,
        kind: 'history',
        events: [{ id: 'e1', type: 'vital', name: 'LCP', ts: 1, props: { value: 900 } }],
      },
      true,
    ],
    [
      'history over the cap',
      {
        channel: BRIDGE_CHANNEL,
        kind: 'history',
        events: Array.from({ length: 301 }, (_, i) => ({ id: `e${i}`, type: 'track', ts: i })),
      },
      false,
    ],
    [
      'state',
      {
        channel: BRIDGE_CHANNEL,
        kind: 'state',
        state: { version: '1', endpoint: '/api', sessionId: 's', anonymousId: 'a', queued: 0, storage: 'indexeddb' },
      },
      true,
    ],
    [
      'a bug bundle',
      {
        channel: BRIDGE_CHANNEL,
        kind: 'bug-bundle',
        requestId: 'bug-1',
        bundle: { sessionId: 's', errors: [{ message: 'boom' }] },
      },
      true,
    ],
    [
      'flags state with an unknown source',
      {
        channel: BRIDGE_CHANNEL,
        kind: 'flags',
        flags: { configSource: 'page', productionMode: false, overrideStatus: 'none', flags: [], experiments: [] },
      },
      false,
    ],
  ])('from the widget: %s → %s', (_name, message, accepted) => {
    expect(parseBridgeMessage(PortFromWidgetSchema, message) !== undefined).toBe(accepted);
  });
});
