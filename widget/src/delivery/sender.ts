import { serializeBatch } from '../../../shared/wire.ts';
import type { ErrorResponse, InsightEvent, ItemError } from '../../../shared/protocol.ts';
import { gzip } from './compress.ts';
import { parseRetryAfter } from './retry-policy.ts';

/** What one send attempt came to, sorted by what the sync loop must do next. */
export type SendResult =
  /** Stored. `sampleRate` is the server's backpressure hint, when it sent one. */
  | { kind: 'ok'; status: number; sampleRate?: number }
  /** Try the same batch again later: network error, timeout, 408, 429, 5xx. `retryAfter` is the server's wish (ms). */
  | { kind: 'retry'; status?: number; retryAfter?: number; error: string; network: boolean }
  /** 413: the batch must be split. */
  | { kind: 'too-large'; status: 413; error: string }
  /** 400 naming the bad items: drop those, resend the rest. */
  | { kind: 'invalid'; status: 400; items: ItemError[]; error: string }
  /** Any other 4xx: retrying the same bytes cannot help. */
  | { kind: 'rejected'; status: number; error: string };

/** How the sender talks to the API. */
export interface SenderOptions {
  endpoint: string;
  writeKey: string;
  /** The native fetch captured at start, so a page that patches `window.fetch` cannot break or observe delivery. */
  fetch: typeof fetch;
  now?: () => number;
  /** Abort a request that has not answered after this long (ms). */
  timeout: number;
  /** Gzip bodies larger than this (bytes). */
  gzipAbove: number;
  /** Longest `Retry-After` honoured (ms). */
  maxRetryAfter: number;
}

/** The ingest URL for an API base URL. */
export function eventsUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, '')}/analytics/events`;
}

/** Makes `send(events)`: one POST of one batch to `{endpoint}/analytics/events`, classified into a `SendResult`. */
export function createSender(options: SenderOptions) {
  const url = eventsUrl(options.endpoint);
  const now = options.now ?? Date.now;
  return async function send(events: readonly InsightEvent[]): Promise<SendResult> {
    // Every browser the widget targets has AbortController (Safari 12.1+).
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), options.timeout);
    try {
      const text = serializeBatch(events, now());
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${options.writeKey}`,
      };
      let body: BodyInit = text;
      if (text.length > options.gzipAbove) {
        const compressed = await gzip(text);
        if (compressed) {
          body = compressed;
          headers['Content-Encoding'] = 'gzip';
        }
      }
      const response = await options.fetch(url, {
        method: 'POST',
        headers,
        body,
        credentials: 'omit',
        signal: controller.signal,
      });
      return await classify(response, now(), options.maxRetryAfter);
    } catch (error) {
      const aborted = controller.signal.aborted;
      const message = aborted
        ? `no answer within ${options.timeout} ms`
        : error instanceof Error
          ? error.message
          : String(error);
      return { kind: 'retry', error: message, network: true };
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Sorts an HTTP response into what to do next. */
export async function classify(response: Response, now: number, maxRetryAfter: number): Promise<SendResult> {
  const status = response.status;
  if (response.ok) {
    // Reading the body also frees the connection for reuse.
    const sampleRate = sampleRateOf(await response.text().catch(() => ''));
    return sampleRate === undefined ? { kind: 'ok', status } : { kind: 'ok', status, sampleRate };
  }
  const text = await response.text().catch(() => '');
  const body = parseError(text);
  const error = `HTTP ${status}: ${body?.error ?? text.slice(0, 200)}`;
  if (status === 413) return { kind: 'too-large', status, error };
  if (status === 400 && body?.items?.length) return { kind: 'invalid', status, items: body.items, error };
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfter =
      status === 429 || status === 503
        ? parseRetryAfter(response.headers.get('Retry-After'), now, maxRetryAfter)
        : undefined;
    return { kind: 'retry', status, retryAfter, error, network: false };
  }
  // 401/403 mean a wrong key: the events stay and are retried with backoff, since the key may be fixed by a deploy.
  if (status === 401 || status === 403) return { kind: 'retry', status, error, network: false };
  return { kind: 'rejected', status, error };
}

/** The `sampleRate` of an ingest answer, if it is a share in (0, 1]. */
function sampleRateOf(text: string): number | undefined {
  const rate = (parseError(text) as { sampleRate?: unknown } | undefined)?.sampleRate;
  return typeof rate === 'number' && rate > 0 && rate <= 1 ? rate : undefined;
}

function parseError(text: string): ErrorResponse | undefined {
  try {
    const value = JSON.parse(text) as ErrorResponse;
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
