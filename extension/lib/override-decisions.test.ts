import { describe, expect, it } from 'vitest';
import type { FlagsState, OverrideStatus, WidgetState } from '../../shared/bridge.ts';
import { overridesRefused, untilExpiryMs, wantsOverrideToken } from './override-decisions.ts';

/** A page whose widget reports the given mode, override status and anonymous id. */
function page(productionMode: boolean, overrideStatus: OverrideStatus, anonymousId = 'anon-1') {
  return {
    flags: { productionMode, overrideStatus } as FlagsState,
    state: { anonymousId } as WidgetState,
  };
}

describe('when the content script asks for an override token', () => {
  const noToken = () => false;
  it.each([
    [
      'production mode, overrides refused, no token yet',
      page(true, 'ignored-unsigned'),
      true,
      noToken,
      undefined,
      true,
    ],
    ['production mode, nothing applied yet', page(true, 'none'), true, noToken, undefined, true],
    ['no overrides to vouch for', page(true, 'ignored-unsigned'), false, noToken, undefined, false],
    ['not in production mode', page(false, 'none'), true, noToken, undefined, false],
    ['the widget already applied them', page(true, 'applied'), true, noToken, undefined, false],
    ['a fresh token is at hand', page(true, 'ignored-invalid-token'), true, () => true, undefined, false],
    ['the last request was refused', page(true, 'ignored-unsigned'), true, noToken, 'Sign in first.', false],
    ['no anonymous id reported', page(true, 'ignored-unsigned', ''), true, noToken, undefined, false],
  ])('%s', (_case, snapshot, hasOverrides, hasToken, lastError, wanted) => {
    expect(wantsOverrideToken(snapshot, hasOverrides, hasToken, lastError)).toBe(wanted);
  });

  it('does not ask before the widget reported its flags and state', () => {
    expect(wantsOverrideToken({}, true, noToken, undefined)).toBe(false);
  });
});

describe('override status and expiry', () => {
  it.each<[OverrideStatus | undefined, boolean]>([
    ['ignored-unsigned', true],
    ['ignored-invalid-token', true],
    ['applied', false],
    ['none', false],
    [undefined, false],
  ])('%s refused: %s', (status, refused) => expect(overridesRefused(status)).toBe(refused));

  it.each([
    ['shortly after the expiry', 10_000, 1_000, 9_050],
    ['at once when already expired', 1_000, 1_000, 50],
    ['no later than setTimeout can count', 2 ** 40, 0, 2 ** 31 - 1],
  ])('applies again %s', (_case, expiresAt, now, delay) => expect(untilExpiryMs(expiresAt, now)).toBe(delay));
});
