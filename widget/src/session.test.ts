import { describe, expect, it, vi } from 'vitest';
import { SESSION_TIMEOUT_MS, createIdentity } from './session.ts';

function storage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: vi.fn((key: string, value: string) => void map.set(key, value)),
  };
}

describe('the session identity', () => {
  it('writes the session at most once a second while events keep coming', () => {
    const local = storage();
    let now = 1_000;
    const identity = createIdentity(local, () => now);
    const first = identity.touch();
    local.setItem.mockClear();
    for (let step = 0; step < 100; step++, now += 5) expect(identity.touch()).toBe(first);
    expect(local.setItem).toHaveBeenCalledTimes(0);
    now = 2_500;
    expect(identity.touch()).toBe(first);
    expect(JSON.parse(local.map.get('crm-insights:session')!)).toEqual({ id: first, lastActivity: 2_500 });
  });

  it('sees a session another tab started at once, and renews one idle past the timeout', () => {
    const local = storage();
    let now = 1_000;
    const identity = createIdentity(local, () => now);
    identity.touch();
    local.map.set('crm-insights:session', JSON.stringify({ id: 'other-tab', lastActivity: now }));
    expect(identity.touch()).toBe('other-tab');
    now += SESSION_TIMEOUT_MS;
    expect(identity.touch()).not.toBe('other-tab');
  });
});
