import { serializeBatch } from '../../../shared/wire.ts';
import type { OutboxItem } from '../database.ts';
import type { WriteBuffer } from './write-buffer.ts';

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

/**
 * Makes what the page lifecycle calls as the page is hidden or goes away: the events this tab has not seen
 * acknowledged go in one last request, and `delivered` hears of those the server then takes.
 */
export function exitSender(
  buffer: Pick<WriteBuffer, 'unacknowledged' | 'delivered'>,
  transport: ExitTransport,
  online: () => boolean,
  delivered: (ids: string[]) => void,
): (unloading: boolean) => void {
  return (unloading) => {
    // Offline, a beacon would only fail (or, where the browser queues it, race the next page's resend).
    const items = buffer.unacknowledged();
    if (!items.length || !online()) return;
    sendOnExit(items, transport, unloading, (ids) => {
      buffer.delivered(ids);
      delivered(ids);
    });
  };
}

/** The items, oldest first, that fit in one exit body (the oldest have waited longest). */
function fitExitBody(items: readonly OutboxItem[], writeKey: string, limit = EXIT_BODY_LIMIT): OutboxItem[] {
  const chosen: OutboxItem[] = [];
  let bytes = 60 + writeKey.length;
  for (const item of items) {
    const size = item.bytes + 1;
    if (bytes + size > limit) break;
    chosen.push(item);
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
function sendOnExit(
  items: readonly OutboxItem[],
  transport: ExitTransport,
  unloading: boolean,
  onDelivered: (ids: string[]) => void,
): number {
  const chosen = fitExitBody(items, transport.writeKey);
  if (!chosen.length) return 0;
  const ids = chosen.map((item) => item.id);
  const body = serializeBatch(
    chosen.map((item) => item.event),
    transport.now(),
    transport.writeKey,
  );
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
