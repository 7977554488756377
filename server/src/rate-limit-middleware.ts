import type { Context, MiddlewareHandler } from 'hono';
import { bearerToken, identifyKey } from './auth.ts';
import type { ReadCredentials } from './auth.ts';
import { HttpError } from './http-errors.ts';
import type { RateDecision } from './rate-limiter.ts';

const sampleRates = new WeakMap<Request, number>();

/**
 * The client's address: the socket's under the Node runner, or, behind `trustedProxies` proxies that each append
 * the address they saw to `X-Forwarded-For`, the one the outermost of them added (the `trustedProxies`-th from the
 * right). Entries left of it were written by the client and prove nothing.
 */
function clientAddress(context: Context, trustedProxies = 0): string {
  const socket = (context.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
    ?.remoteAddress;
  if (trustedProxies > 0) {
    const hops = (context.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    const hop = hops[Math.max(0, hops.length - trustedProxies)];
    if (hop) return hop;
  }
  return socket || 'local';
}

/**
 * Applies the limiter per credential and client address. The bearer token is checked first: a known key or
 * staff token gets its own bucket per client, anything else (no key, a beacon's body key, junk) shares the
 * client address's bucket, so made-up tokens cannot each get a fresh budget. `GET /health` is never limited, so
 * a load balancer's probe never sees a 429. Over the limit is 429 with `Retry-After`.
 */
export function rateLimitMiddleware(
  limiter: (bucketKey: string) => RateDecision | Promise<RateDecision>,
  keys: ReadCredentials,
  trustedProxies = 0,
): MiddlewareHandler {
  return async (context, next) => {
    if (context.req.method === 'OPTIONS' || (context.req.method === 'GET' && context.req.path.endsWith('/health')))
      return next();
    const credential = identifyKey(bearerToken(context), keys) ?? 'anonymous';
    const decision = await limiter(`${credential}|${clientAddress(context, trustedProxies)}`);
    if (!decision.allowed) {
      throw new HttpError(
        429,
        `rate limit reached for this key and client; retry after ${decision.retryAfterSeconds} s`,
        undefined,
        {
          'Retry-After': String(decision.retryAfterSeconds),
        },
      );
    }
    sampleRates.set(context.req.raw, decision.sampleRate);
    return next();
  };
}

/** The sampling hint the limiter gave this request (1 when no limiter ran): ingest responses pass it on. */
export function sampleRateOf(request: Request): number {
  return sampleRates.get(request) ?? 1;
}
