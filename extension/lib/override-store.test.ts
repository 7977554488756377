import { describe, expect, it } from 'vitest';
import {
  OVERRIDE_TTL_MS,
  activeOverrides,
  applyOverrideChange,
  clearOverrides,
  countOverrides,
  pruneOverrides,
  withToken,
} from './override-store.ts';
import type { OverrideChange, OverridesByOrigin } from './override-store.ts';

const NOW = 1_700_000_000_000;
const CRM = 'https://crm.example';

describe('override storage', () => {
  it.each<[string, OverrideChange[], unknown]>([
    ['forces a flag value', [{ kind: 'flag', key: 'beta', value: true }], { flags: { beta: true } }],
    ['forces a variation', [{ kind: 'experiment', key: 'layout', variation: 'B' }], { experiments: { layout: 'B' } }],
    [
      'simulates attributes',
      [{ kind: 'attributes', attributes: { plan: 'enterprise' } }],
      { attributes: { plan: 'enterprise' } },
    ],
    [
      'a later change wins',
      [
        { kind: 'experiment', key: 'layout', variation: 'B' },
        { kind: 'experiment', key: 'layout', variation: 'control' },
      ],
      { experiments: { layout: 'control' } },
    ],
    [
      'keeps separate overrides together',
      [
        { kind: 'flag', key: 'beta', value: 1 },
        { kind: 'experiment', key: 'layout', variation: 0 },
      ],
      { flags: { beta: 1 }, experiments: { layout: 0 } },
    ],
    [
      'releasing one keeps the rest',
      [
        { kind: 'flag', key: 'a', value: 1 },
        { kind: 'flag', key: 'b', value: 2 },
        { kind: 'flag', key: 'a', value: undefined },
      ],
      { flags: { b: 2 } },
    ],
  ])('%s', (_name, changes, expected) => {
    const all = changes.reduce<OverridesByOrigin>((map, change) => applyOverrideChange(map, CRM, change, NOW), {});
    expect(all[CRM]).toEqual({ overrides: expected, expiresAt: NOW + OVERRIDE_TTL_MS });
  });

  it('removes the origin when its last override is released', () => {
    const forced = applyOverrideChange({}, CRM, { kind: 'flag', key: 'beta', value: true }, NOW);
    expect(applyOverrideChange(forced, CRM, { kind: 'flag', key: 'beta', value: undefined }, NOW)).toEqual({});
  });

  it('keeps origins apart and clears one in one call', () => {
    let all = applyOverrideChange({}, CRM, { kind: 'flag', key: 'beta', value: true }, NOW);
    all = applyOverrideChange(all, 'https://staging.example', { kind: 'flag', key: 'beta', value: false }, NOW);
    expect(activeOverrides(all, CRM, NOW)?.overrides).toEqual({ flags: { beta: true } });
    const cleared = clearOverrides(all, CRM);
    expect(activeOverrides(cleared, CRM, NOW)).toBeUndefined();
    expect(countOverrides(activeOverrides(cleared, 'https://staging.example', NOW)?.overrides)).toBe(1);
  });

  it.each([
    [NOW + OVERRIDE_TTL_MS - 1, true],
    [NOW + OVERRIDE_TTL_MS, false],
    [NOW + OVERRIDE_TTL_MS + 60_000, false],
  ])('overrides set at NOW are active at %i: %s (24 h by default)', (at, active) => {
    const all = applyOverrideChange({}, CRM, { kind: 'experiment', key: 'layout', variation: 'B' }, NOW);
    expect(activeOverrides(all, CRM, at) !== undefined).toBe(active);
    expect(Object.keys(pruneOverrides(all, at))).toEqual(active ? [CRM] : []);
  });

  it('a change restarts the expiry clock and keeps the signed token; an expired entry starts over without it', () => {
    let all = applyOverrideChange({}, CRM, { kind: 'flag', key: 'a', value: 1 }, NOW);
    all = withToken(all, CRM, 'ot1.x.y');
    all = applyOverrideChange(all, CRM, { kind: 'flag', key: 'b', value: 2 }, NOW + 1000);
    expect(all[CRM]).toMatchObject({ expiresAt: NOW + 1000 + OVERRIDE_TTL_MS, token: 'ot1.x.y' });
    const later = applyOverrideChange(all, CRM, { kind: 'flag', key: 'c', value: 3 }, NOW + 2 * OVERRIDE_TTL_MS);
    expect(later[CRM]).toEqual({ overrides: { flags: { c: 3 } }, expiresAt: NOW + 3 * OVERRIDE_TTL_MS });
  });
});
