import { describe, expect, it } from 'vitest';
import { LIMITS, serializeBatch, validateBatch, validateEvent } from './protocol.ts';
import { uuidv7 } from './uuid.ts';

const good = () => ({
  id: uuidv7(),
  type: 'track',
  name: 'Contact Created',
  ts: 1_700_000_000_000,
  sessionId: uuidv7(),
  anonymousId: uuidv7(),
  page: { url: 'https://crm.example/contacts', path: '/contacts' },
  props: { plan: 'pro', seats: 5, tags: ['a', 'b'] },
});

describe('validateEvent', () => {
  it('accepts a well-formed event', () => {
    const event = good();
    expect(validateEvent(event)).toEqual({ ok: true, value: event });
  });

  it.each([
    ['a missing id', { id: undefined }, /^id: /],
    ['a non-UUID id', { id: 'abc' }, /^id: must be a UUID/],
    ['an unknown type', { type: 'nope' }, /^type: type must be one of track/],
    ['a negative timestamp', { ts: -1 }, /^ts: /],
    ['a name that is too long', { name: 'x'.repeat(LIMITS.nameLength + 1) }, /^name: longer than 200/],
    ['props that are not an object', { props: 'x' }, /^props: /],
    ['props nested too deep', { props: { a: { b: { c: { d: { e: { f: { g: { h: 1 } } } } } } } } }, /nested deeper/],
    ['a string prop that is too long', { props: { big: 'x'.repeat(LIMITS.stringLength + 1) } }, /big: string longer/],
    ['a non-finite number', { props: { n: Number.POSITIVE_INFINITY } }, /n: numbers must be finite/],
  ])('rejects %s with a message naming the field', (_label, patch, message) => {
    const result = validateEvent({ ...good(), ...patch });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('validateBatch', () => {
  it('round-trips what serializeBatch writes', () => {
    const events = [good(), good()] as never;
    const parsed = validateBatch(JSON.parse(serializeBatch(events, Date.UTC(2026, 0, 1), 'key')));
    expect(parsed.ok && parsed.value.events).toHaveLength(2);
  });

  it.each([
    ['no events', { sentAt: 1, events: [] }, /events must not be empty/],
    ['too many events', { sentAt: 1, events: Array(LIMITS.eventsPerBatch + 1).fill({}) }, /at most 500 events/],
    ['no sentAt', { events: [{}] }, /^sentAt: /],
  ])('rejects a batch with %s', (_label, body, message) => {
    const result = validateBatch(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
