import type { Answer } from './messages.ts';

/** A token the API signed for one origin and one browser (anonymous id), and when it lapses. */
export type IssuedToken = Answer<{ token: string; expiresAt: number }>;

/** Renew a token this long before it expires, so a reload never carries one that lapses in flight. */
const RENEW_BEFORE_MS = 2 * 60_000;

/**
 * Override tokens for one page, asked of the background (which alone holds the staff credential) and kept until
 * shortly before they expire. A token is bound to the widget's anonymous id, so a new id (after `reset()`) asks
 * for a new one; a request already under way for the same id is shared, not repeated (the widget reports its
 * flags and its state at once). The background limits how many a tab may ask for (override-token-requests.ts).
 */
export function createOverrideTokens(
  issue: (anonymousId: string) => Promise<IssuedToken>,
  now: () => number = Date.now,
) {
  let cached: { anonymousId: string; token: string; expiresAt: number } | undefined;
  let pending: { anonymousId: string; answer: Promise<IssuedToken> } | undefined;
  const fresh = (anonymousId: string) =>
    cached?.anonymousId === anonymousId && cached.expiresAt - now() > RENEW_BEFORE_MS;
  const ask = (anonymousId: string): Promise<IssuedToken> => {
    if (pending?.anonymousId === anonymousId) return pending.answer;
    const answer = issue(anonymousId)
      .catch((error: unknown) => ({
        ok: false as const,
        error: `The extension's background did not answer: ${String(error)}`,
      }))
      .finally(() => {
        if (pending?.answer === answer) pending = undefined;
      });
    pending = { anonymousId, answer };
    return answer;
  };
  return {
    /** The token for `anonymousId`, or why there is none. */
    async get(anonymousId: string): Promise<{ token?: string; error?: string }> {
      if (fresh(anonymousId)) return { token: cached!.token };
      const answer = await ask(anonymousId);
      if (!answer?.ok) return { error: answer?.error ?? 'The background did not answer.' };
      cached = { anonymousId, token: answer.token, expiresAt: answer.expiresAt };
      return { token: answer.token };
    },
    /** Whether a fresh token for `anonymousId` is already at hand. */
    has: fresh,
  };
}
