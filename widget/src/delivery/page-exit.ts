import { serializeBatch } from '../../../shared/wire.ts';
import type { InsightEvent } from '../../../shared/protocol.ts';
import { jsonOf } from '../database.ts';

/**
 * Browsers cap the bodies of all keepalive requests in flight together at 64 KiB
 * (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch, step "inflightKeepaliveBytes"); stay well under.
 */
const EXIT_BODY_LIMIT = 60 * 1024;

/** What the page-exit sender needs. */
export interface ExitTransport {
  url: string;
  writeKey: string;
  fetch: typeof fetch;
  sendBeacon?: (url: string, data: BodyInit) => boolean;
  now: () => number;
}

/** Newest-last events that fit in one exit body, oldest first (the oldest have waited longest). */
function fitExitBody(events: readonly InsightEvent[], writeKey: string, limit = EXIT_BODY_LIMIT): InsightEvent[] {
  const chosen: InsightEvent[] = [];
  let bytes = 60 + writeKey.length;
  for (const event of events) {
    const size = jsonOf(event).length + 1;
    if (bytes + size > limit) break;
    chosen.push(event);
    bytes += size;
  }
  return chosen;
}

/**
 * Sends a last batch as the page goes away. `keepalive` fetch is used when the page may come back (hidden), so its
 * answer can still remove the items from the outbox; `sendBeacon` when it is unloading (pagehide, freeze), with a
 * text/plain body (CORS-simple, so no preflight that would be cancelled) carrying the write key. Items stay in the
 * outbox either way until a 2xx is seen; a resend is deduplicated by the server.
 */
export function sendOnExit(
  events: readonly InsightEvent[],
  transport: ExitTransport,
  unloading: boolean,
  onDelivered: (ids: string[]) => void,
): number {
  const chosen = fitExitBody(events, transport.writeKey);
  if (!chosen.length) return 0;
  const ids = chosen.map((event) => event.id);
  const body = serializeBatch(chosen, transport.now(), transport.writeKey);
  if (unloading && transport.sendBeacon) {
    // A string body is sent as text/plain;charset=UTF-8: CORS-simple, so no preflight that unloading would cancel.
    try {
      if (transport.sendBeacon(transport.url, body)) return chosen.length;
    } catch {
      // A beacon over the browser's quota throws in some versions; fall through to keepalive.
    }
  }
  try {
    transport
      .fetch(transport.url, {
        method: 'POST',
        keepalive: true,
        credentials: 'omit',
        headers: { 'Content-Type': 'text/plain' },
        body,
      })
      .then((response) => {
        if (response.ok) onDelivered(ids);
      })
      .catch(() => undefined);
    return chosen.length;
  } catch {
    return 0;
  }
}
