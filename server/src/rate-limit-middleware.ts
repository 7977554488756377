import type { MiddlewareHandler } from 'hono';
import { bearerToken } from './auth.ts';
import { HttpError } from './http-errors.ts';
import type { RateDecision } from './rate-limiter.ts';

const sampleRates = new WeakMap<Request, number>();

/**
 * Applies the limiter per key and client: the bearer token (or "keyless" for beacons, whose key is in the
 * body) and the client address — the socket's under the Node runner, else the first `X-Forwarded-For` hop
 * when `trustProxy` says a proxy in front sets it. Over the limit is 429 with `Retry-After`.
 */
export function rateLimitMiddleware(limiter: (bucketKey: string) => RateDecision | Promise<RateDecision>, trustProxy = false): MiddlewareHandler {
  return async (context, next) => {
    if (context.req.method === 'OPTIONS') return next();
    const forwarded = trustProxy ? context.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
    const socket = (context.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
    const decision = await limiter(`${bearerToken(context) ?? 'keyless'}|${forwarded || socket || 'local'}`);
    if (!decision.allowed) {
      throw new HttpError(429, `rate limit reached for this key and client; retry after ${decision.retryAfterSeconds} s`, undefined, {
        'Retry-After': String(decision.retryAfterSeconds),
      });
    }
    sampleRates.set(context.req.raw, decision.sampleRate);
    return next();
  };
}

/** The sampling hint the limiter gave this request (1 when no limiter ran): ingest responses pass it on. */
export function sampleRateOf(request: Request): number {
  return sampleRates.get(request) ?? 1;
}
