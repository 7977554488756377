import { callApi } from './api-client.ts';
import type { IssuedToken } from './override-tokens.ts';
import { createRequestLimit } from './request-limit.ts';
import type { LimitDecision } from './request-limit.ts';
import { authItem } from './storage-items.ts';

/** Override tokens live an hour at most (the API's cap): short, since the page can see them. */
const OVERRIDE_TOKEN_MINUTES = 60;

/**
 * Token requests the API may get per minute from one tab for one origin, and from all tabs together. A page needs
 * one per anonymous id, which changes when the visitor signs out (`reset()`), and a renewal every hour.
 */
export const OVERRIDE_TOKEN_LIMIT = { perKey: 5, overall: 30, windowMs: 60_000 };

/** Who asks for a token: the tab (by the browser's sender, absent for the extension's own pages) and the origin. */
export interface TokenAsker {
  tabId: number | undefined;
  origin: string;
}

/**
 * Asks the API, with the staff credential, for override tokens signed for one origin and anonymous id, at most
 * `OVERRIDE_TOKEN_LIMIT` a minute. The page decides its anonymous id, so a hostile page changing it in every state
 * message would otherwise make the extension ask the API without end; a request already in flight for the same
 * tab, origin and id is shared. `warn` hears once a minute per tab and origin that the limit refused requests.
 */
export function createOverrideTokenRequests({
  now = Date.now,
  warn = console.warn,
}: {
  now?: () => number;
  warn?: (message: string) => void;
} = {}) {
  const limit = createRequestLimit({ ...OVERRIDE_TOKEN_LIMIT, now });
  const inFlight = new Map<string, Promise<IssuedToken>>();
  const warnedAt = new Map<string, number>();
  const refuse = (key: string, asker: TokenAsker, decision: Exclude<LimitDecision, { ok: true }>): IssuedToken => {
    const error = refusal(asker, decision);
    const last = warnedAt.get(key);
    if (last === undefined || now() - last >= OVERRIDE_TOKEN_LIMIT.windowMs) {
      warnedAt.set(key, now());
      warn(`[crm-insights] ${error}`);
    }
    return { ok: false, error };
  };
  return {
    /** A token for `anonymousId` on the asker's origin, or why there is none. */
    issue(asker: TokenAsker, anonymousId: string, fetcher: typeof fetch): Promise<IssuedToken> {
      const key = `${asker.tabId ?? 'extension page'} ${asker.origin}`;
      const same = `${key} ${anonymousId}`;
      const pending = inFlight.get(same);
      if (pending) return pending;
      const decision = limit.take(key);
      if (!decision.ok) return Promise.resolve(refuse(key, asker, decision));
      const request = askApi(asker.origin, anonymousId, fetcher).finally(() => inFlight.delete(same));
      inFlight.set(same, request);
      return request;
    },
  };
}

/** Why the limit refused, in words for the panel and the console. */
function refusal(asker: TokenAsker, { retryInMs, exhausted }: Exclude<LimitDecision, { ok: true }>): string {
  const seconds = Math.ceil(retryInMs / 1000);
  const budget =
    exhausted === 'key'
      ? `${OVERRIDE_TOKEN_LIMIT.perKey} a minute for one tab on ${asker.origin}`
      : `${OVERRIDE_TOKEN_LIMIT.overall} a minute for all tabs`;
  return `Too many override-token requests (${budget}): a page that keeps changing its anonymous id does this. Next one allowed in ${seconds} s; change an override to ask again.`;
}

/** One `POST /flags/override-token` with the staff credential. */
function askApi(origin: string, anonymousId: string, fetcher: typeof fetch): Promise<IssuedToken> {
  return authItem
    .getValue()
    .then((auth) =>
      callApi<{ token: string; expiresAt: number }>(
        auth,
        '/flags/override-token',
        { method: 'POST', body: JSON.stringify({ origin, anonymousId, ttlMinutes: OVERRIDE_TOKEN_MINUTES }) },
        fetcher,
      ),
    );
}
