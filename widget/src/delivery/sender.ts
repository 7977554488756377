import { serializeBatch } from '../../../shared/protocol.ts';
import type { InsightEvent } from '../../../shared/protocol.ts';

/** What one send attempt came to. */
export type SendResult = { ok: true; status: number } | { ok: false; status?: number; error: string };

/**
 * Posts one batch to `POST {endpoint}/analytics/events` with the native fetch captured at start, so a page that
 * patches `window.fetch` cannot break or observe delivery.
 */
export function createSender(endpoint: string, writeKey: string, nativeFetch: typeof fetch, now: () => number = Date.now) {
  const url = `${endpoint.replace(/\/+$/, '')}/analytics/events`;
  return async function send(events: readonly InsightEvent[]): Promise<SendResult> {
    try {
      const response = await nativeFetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${writeKey}` },
        body: serializeBatch(events, now()),
        credentials: 'omit',
      });
      if (response.ok) return { ok: true, status: response.status };
      const body = await response.text().catch(() => '');
      return { ok: false, status: response.status, error: `HTTP ${response.status}: ${body.slice(0, 300)}` };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  };
}
