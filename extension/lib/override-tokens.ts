import type { Answer } from './messages.ts';

/** A token the API signed for one origin and one browser (anonymous id), and when it lapses. */
export type IssuedToken = Answer<{ token: string; expiresAt: number }>;

/** Renew a token this long before it expires, so a reload never carries one that lapses in flight. */
const RENEW_BEFORE_MS = 2 * 60_000;

/**
 * Override tokens for one page, asked of the background (which alone holds the staff credential) and kept until
 * shortly before they expire. A token is bound to the widget's anonymous id, so a new id (after `reset()`) asks
 * for a new one. `sentFor` says whether the fresh token for `anonymousId` was already handed over, so a widget
 * that still refuses it is not asked again in a loop.
 */
export function createOverrideTokens(
  issue: (anonymousId: string) => Promise<IssuedToken>,
  now: () => number = Date.now,
) {
  let cached: { anonymousId: string; token: string; expiresAt: number } | undefined;
  const fresh = (anonymousId: string) =>
    cached?.anonymousId === anonymousId && cached.expiresAt - now() > RENEW_BEFORE_MS;
  return {
    /** The token for `anonymousId`, or why there is none. */
    async get(anonymousId: string): Promise<{ token?: string; error?: string }> {
      if (fresh(anonymousId)) return { token: cached!.token };
      const answer = await issue(anonymousId).catch((error: unknown) => ({
        ok: false as const,
        error: `The extension's background did not answer: ${String(error)}`,
      }));
      if (!answer?.ok) return { error: answer?.error ?? 'The background did not answer.' };
      cached = { anonymousId, token: answer.token, expiresAt: answer.expiresAt };
      return { token: answer.token };
    },
    /** Whether a fresh token for `anonymousId` is already at hand. */
    has: fresh,
  };
}
