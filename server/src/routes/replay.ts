import { Hono } from 'hono';
import { requireReader } from '../auth.ts';
import type { ReadCredentials } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import { queryLimit } from '../query-params.ts';
import { decodeReplayCursor } from '../replay/replay-cursor.ts';
import type { ReplayPosition } from '../replay/replay-cursor.ts';
import { createReplayRepository } from '../replay/replay-repository.ts';
import { readSessionReplay } from '../replay/session-replay.ts';
import type { Storage } from '../storage/types.ts';

interface ReplayRouteOptions extends ReadCredentials {
  storage: Storage;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `GET /replay/sessions` (read key, staff token or session): sessions with replay, most recent first (`limit` 1–200, default 50).
 * `GET /replay/sessions/:sessionId` (read key, staff token or session): that session's recordings, reassembled in order, as rrweb events
 * a player takes as they are, up to the answer's limits; `cursor` (an answer's `nextCursor`) goes on from there.
 */
export function replayRoutes({ storage, ...keys }: ReplayRouteOptions): Hono {
  const routes = new Hono();
  const replays = createReplayRepository(storage.db);

  routes.get('/replay/sessions', async (context) => {
    requireReader(context, keys);
    return context.json({ sessions: await replays.sessions(queryLimit(context.req.query('limit'), 50, 200)) });
  });

  routes.get('/replay/sessions/:sessionId', async (context) => {
    requireReader(context, keys);
    const sessionId = context.req.param('sessionId');
    if (!UUID.test(sessionId)) throw new HttpError(400, "sessionId must be a UUID (the widget's session id)");
    const start = replayCursor(context.req.query('cursor'));
    const replay = await readSessionReplay(sessionId, replays.chunksOf(sessionId), start);
    if (!start && !replay.recordings.length && !replay.nextCursor)
      throw new HttpError(404, `no replay stored for session ${sessionId}`);
    return context.json(replay);
  });

  return routes;
}

/** The place a `cursor` query parameter names, if given; 400 when it is not one this server issued. */
function replayCursor(cursor: string | undefined): ReplayPosition | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    return decodeReplayCursor(cursor);
  } catch (error) {
    throw new HttpError(400, (error as Error).message);
  }
}
