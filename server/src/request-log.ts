import type { MiddlewareHandler } from 'hono';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import type { Logger } from 'pino';

/** Log levels the server takes from `LOG_LEVEL`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A JSON-lines logger on stdout (pino), at `level`. */
export function createLogger(level: (typeof LOG_LEVELS)[number] = 'info'): Logger {
  return pino({ level, base: { service: 'crm-insights' } });
}

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is a sane token, else a new UUID), echoes it
 * in the response and logs one JSON line per request with method, path, status and duration.
 */
export function requestLog(logger: Logger, clock: () => number = () => performance.now()): MiddlewareHandler {
  return async (context, next) => {
    const given = context.req.header('x-request-id');
    const id = given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    const started = clock();
    try {
      await next();
    } finally {
      context.header('X-Request-Id', id);
      const status = context.res.status;
      const line = {
        reqId: id,
        method: context.req.method,
        path: new URL(context.req.url).pathname,
        status,
        ms: Math.round((clock() - started) * 100) / 100,
      };
      if (status >= 500) logger.error(line, 'request failed');
      else logger.info(line, 'request');
    }
  };
}
