import { Hono } from 'hono';
import { requireReader } from '../auth.ts';
import type { ReadCredentials } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import { queryLimit } from '../query-params.ts';
import { createReplayRepository } from '../replay/replay-repository.ts';
import { buildSessionReplay } from '../replay/session-replay.ts';
import type { Storage } from '../storage/types.ts';

interface ReplayRouteOptions extends ReadCredentials {
  storage: Storage;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /replay/sessions` (read key, staff token or session): sessions with replay, most recent first (`limit` 1–200, default 50).
 * `GET /replay/sessions/:sessionId` (read key, staff token or session): that session's recordings, reassembled in order, as rrweb events
 * a player takes as they are.
 */
export function replayRoutes({ storage, ...keys }: ReplayRouteOptions): Hono {
  const routes = new Hono();
  const replays = createReplayRepository(storage);

  routes.get('/replay/sessions', async (context) => {
    requireReader(context, keys);
    return context.json({ sessions: await replays.sessions(queryLimit(context.req.query('limit'), 50, 200)) });
  });

  routes.get('/replay/sessions/:sessionId', async (context) => {
    requireReader(context, keys);
    const sessionId = context.req.param('sessionId');
    if (!UUID.test(sessionId)) throw new HttpError(400, "sessionId must be a UUID (the widget's session id)");
    const chunks = await replays.chunksOf(sessionId);
    if (!chunks.length) throw new HttpError(404, `no replay stored for session ${sessionId}`);
    return context.json(buildSessionReplay(sessionId, chunks));
  });

  return routes;
}
