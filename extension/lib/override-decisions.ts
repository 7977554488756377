import type { OverrideStatus } from '../../shared/bridge.ts';
import type { PageSnapshot } from './messages.ts';

/** The longest delay `setTimeout` keeps: a longer one overflows its 32-bit count and fires at once. */
// https://developer.mozilla.org/en-US/docs/Web/API/Window/setTimeout#maximum_delay_value
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Fire a little after the expiry, so `activeOverrides` (which keeps entries while `expiresAt > now`) sees it lapsed. */
const AFTER_EXPIRY_MS = 50;

/**
 * Whether to ask for an override token now: in production mode the widget wants one signed for this origin and the
 * anonymous id it reports, unless it already applied the overrides, one is at hand, or the last request was refused.
 */
export function wantsOverrideToken(
  page: Pick<PageSnapshot, 'flags' | 'state'>,
  hasOverrides: boolean,
  hasToken: (anonymousId: string) => boolean,
  lastError: string | undefined,
): boolean {
  const { flags, state } = page;
  return !!(
    hasOverrides &&
    flags?.productionMode &&
    state?.anonymousId &&
    flags.overrideStatus !== 'applied' &&
    !hasToken(state.anonymousId) &&
    lastError === undefined
  );
}

/** Whether the widget refused the overrides (production mode without a valid token). */
export function overridesRefused(status: OverrideStatus | undefined): boolean {
  return status === 'ignored-unsigned' || status === 'ignored-invalid-token';
}

/** How long to wait before applying the overrides again once they expire at `expiresAt`. */
export function untilExpiryMs(expiresAt: number, now: number): number {
  return Math.min(expiresAt - now + AFTER_EXPIRY_MS, MAX_TIMEOUT_MS);
}
