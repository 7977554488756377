import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { parseAllowList } from './address-policy.ts';
import { checkDestination, systemResolver } from './destination.ts';
import type { Resolver } from './destination.ts';

/** The operator allow-list: hostnames (`*.example.com` for subdomains), IPs or CIDRs (env `INSIGHTS_OUTBOUND_ALLOW`, comma-separated). */
export interface OutboundPolicy {
  allow: readonly string[];
}

/** What one request came to. `error` is short and generic: it never says which host, port or failure it was. */
export interface OutboundResult {
  ok: boolean;
  status?: number;
  error?: string;
  durationMs: number;
  /** The receiver's `Retry-After` on a 429 or 503, in milliseconds. */
  retryAfterMs?: number;
  /** Repeating it cannot help and nothing was contacted (e.g. a channel that is not configured): no retry, no padding. */
  final?: boolean;
}

/** The one way the server calls out. */
export interface OutboundClient {
  post(url: string, body: string, headers: Record<string, string>, timeoutMs?: number): Promise<OutboundResult>;
}

/** What tests may swap: the resolver, where refusals are reported for the operator (default: the console), the CAs. */
export interface OutboundClientOptions {
  resolve?: Resolver;
  warn?: (message: string) => void;
  /** CA certificates (PEM) trusted instead of the system's; operators add theirs with `NODE_EXTRA_CA_CERTS`. */
  ca?: string;
}

/** The error text of every failure that did not get an HTTP answer: refused, unreachable, reset, timed out or not allowed. */
export const DELIVERY_FAILED = 'no answer from the destination';
/** The error text when the URL names an internal address outright (this says nothing the URL does not). */
export const DESTINATION_NOT_ALLOWED = 'destination not allowed: internal address (see INSIGHTS_OUTBOUND_ALLOW)';

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The outbound HTTP client every webhook and alert goes through. It refuses internal addresses unless the
 * allow-list permits them, resolves a name once and connects to the address it checked (so a DNS answer that
 * changes between check and connect cannot reach an internal host), follows no redirect, and gives up after
 * `timeoutMs`. Failures without an HTTP answer all read the same, so the log cannot be used to scan ports.
 */
export function createOutboundClient(
  policy: OutboundPolicy,
  { resolve = systemResolver, warn = console.warn, ca }: OutboundClientOptions = {},
): OutboundClient {
  const allow = parseAllowList(policy.allow);
  return {
    async post(url, body, headers, timeoutMs = DEFAULT_TIMEOUT_MS) {
      const started = performance.now();
      const result = (fields: Omit<OutboundResult, 'durationMs'>): OutboundResult => ({
        ...fields,
        durationMs: Math.round(performance.now() - started),
      });
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        return result({ ok: false, error: 'invalid URL' });
      }
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        const destination = await Promise.race([checkDestination(target, allow, resolve), aborted(abort.signal)]);
        if (!destination.ok) {
          // The detail goes to the operator's log only; a name that resolves inward reads like any failure, so
          // the delivery log cannot be used to learn what internal names exist.
          warn(`[crm-insights] outbound request refused: ${destination.reason}`);
          return result({ ok: false, error: destination.literal ? DESTINATION_NOT_ALLOWED : DELIVERY_FAILED });
        }
        const response = await send(target, destination.address, body, headers, abort.signal, ca);
        response.destroy();
        const status = response.statusCode ?? 0;
        const retryAfterMs = retryAfter(response.headers['retry-after']);
        if (status >= 200 && status < 300) return result({ ok: true, status });
        const error = status >= 300 && status < 400 ? `HTTP ${status}: redirects are not followed` : `HTTP ${status}`;
        return result({ ok: false, status, error, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
      } catch {
        return result({ ok: false, error: DELIVERY_FAILED });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * POSTs to `address` (already checked) while the URL's name stays in `Host` and in TLS SNI and certificate
 * checks, so virtual hosts and HTTPS work exactly as if the name had been connected to.
 */
function send(
  target: URL,
  address: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  ca?: string,
): Promise<IncomingMessage> {
  const https = target.protocol === 'https:';
  const name = target.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const request = (https ? httpsRequest : httpRequest)({
      host: address,
      port: target.port || (https ? 443 : 80),
      path: `${target.pathname}${target.search}`,
      method: 'POST',
      headers: { ...headers, Host: target.host, 'Content-Length': String(Buffer.byteLength(body)) },
      ...(target.username
        ? { auth: `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}` }
        : {}),
      ...(https && !isIP(name) ? { servername: name } : {}),
      ...(https && ca ? { ca } : {}),
      agent: false,
      signal,
    });
    request.on('response', resolve);
    request.on('error', reject);
    request.end(body);
  });
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) =>
    signal.addEventListener('abort', () => reject(new Error('timed out')), { once: true }),
  );
}

function retryAfter(header: string | undefined): number | undefined {
  if (!header) return undefined;
  const seconds = /^\d+$/.test(header) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}
