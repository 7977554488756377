import { Hono } from 'hono';
import { requireReader } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import { ingestBatch } from '../ingest.ts';
import type { IngestOptions } from '../ingest.ts';
import { queryLimit, queryTime } from '../query-params.ts';
import type { EventQuery } from '../storage/types.ts';

interface EventRoutesOptions extends IngestOptions {
  readKey: string;
  staffTokens?: readonly string[];
}

/**
 * `POST /analytics/events` (ingest, write key), `GET /analytics/events` (read back by type, name, session,
 * user and time, newest first, cursor-paged) and `GET /sessions/:sessionId/timeline` (one session oldest
 * first, cursor-paged); reads take the read key or a staff token.
 */
export function eventRoutes(options: EventRoutesOptions): Hono {
  const routes = new Hono();
  const { storage } = options;

  routes.post('/analytics/events', async (context) => context.json(await ingestBatch(context, options)));

  routes.get('/analytics/events', async (context) => {
    requireReader(context, options);
    const query = context.req.query();
    return context.json(
      await list({
        type: query.type,
        name: query.name,
        sessionId: query.sessionId,
        userId: query.userId,
        since: queryTime(query.since, 'since'),
        until: queryTime(query.until, 'until'),
        limit: queryLimit(query.limit),
        cursor: query.cursor,
      }),
    );
  });

  routes.get('/sessions/:sessionId/timeline', async (context) => {
    requireReader(context, options);
    const query = context.req.query();
    const page = await list({
      sessionId: context.req.param('sessionId'),
      order: 'asc',
      limit: queryLimit(query.limit, 500),
      cursor: query.cursor,
    });
    return context.json({ sessionId: context.req.param('sessionId'), ...page });
  });

  async function list(query: EventQuery) {
    try {
      return await storage.listEvents(query);
    } catch (error) {
      if (error instanceof RangeError) throw new HttpError(400, error.message);
      throw error;
    }
  }

  return routes;
}
