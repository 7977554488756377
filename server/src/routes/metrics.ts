import { Hono } from 'hono';
import type { Registry } from 'prom-client';
import { bearerToken, sameSecret } from '../auth.ts';
import { HttpError } from '../http-errors.ts';

/**
 * `GET /metrics`: Prometheus text exposition, for a scraper holding `INSIGHTS_METRICS_TOKEN` as a bearer token
 * (Prometheus `authorization: { credentials: … }`). Served outside `/api`, where scrapers expect it.
 */
export function metricsRoutes(registry: Registry, token: string): Hono {
  return new Hono().get('/metrics', async (context) => {
    const given = bearerToken(context);
    if (!given)
      throw new HttpError(401, 'missing metrics token: send "Authorization: Bearer <INSIGHTS_METRICS_TOKEN>"');
    if (!sameSecret(given, token)) throw new HttpError(403, 'wrong metrics token');
    return context.body(await registry.metrics(), 200, { 'Content-Type': registry.contentType });
  });
}
