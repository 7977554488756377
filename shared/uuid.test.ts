import { describe, expect, it } from 'vitest';
import { uuidv7, uuidv7Time } from './uuid.ts';

describe('uuidv7', () => {
  it('has the version and variant bits of RFC 9562', () => {
    const id = uuidv7();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it.each([0, 1, 1_700_000_000_123, 2 ** 48 - 1])('round-trips the timestamp %d', (now) => {
    expect(uuidv7Time(uuidv7(now))).toBe(now);
  });

  it('sorts by creation time', () => {
    const ids = [3, 1, 2].map((now) => uuidv7(now * 1000));
    expect([...ids].sort()).toEqual([ids[1], ids[2], ids[0]]);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => uuidv7(42)));
    expect(ids.size).toBe(10_000);
  });
});
