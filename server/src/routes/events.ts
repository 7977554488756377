import { Hono } from 'hono';
import { LIMITS, validateBatch, validateEvent } from '../../../shared/protocol.ts';
import type { InsightEvent, ItemError } from '../../../shared/protocol.ts';
import { bearerToken, requireKey } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import { readJsonBody } from '../read-body.ts';
import type { Storage, StoredEvent } from '../storage/types.ts';

interface EventRoutesOptions {
  storage: Storage;
  writeKey: string;
  readKey: string;
  now?: () => number;
}

/** `POST /analytics/events` (ingest, write key) and `GET /analytics/events` (read back, read key). */
export function eventRoutes({ storage, writeKey, readKey, now = Date.now }: EventRoutesOptions): Hono {
  const routes = new Hono();

  routes.post('/analytics/events', async (context) => {
    const body = await readJsonBody(context, LIMITS.batchBytes);
    const bodyKey = isRecord(body) && typeof body.writeKey === 'string' ? body.writeKey : undefined;
    requireKey(bearerToken(context) ?? bodyKey, writeKey, 'write key');
    const batch = validateBatch(body);
    if (!batch.ok) throw new HttpError(400, `invalid batch: ${batch.message}`);

    const receivedAt = now();
    const skew = receivedAt - batch.value.sentAt;
    const events: StoredEvent[] = [];
    const items: ItemError[] = [];
    batch.value.events.forEach((input, index) => {
      const result = validateEvent(input);
      if (result.ok) events.push({ ...result.value, receivedAt, correctedTs: result.value.ts + skew });
      else items.push({ index, id: idOf(input), message: result.message });
    });
    if (items.length) throw new HttpError(400, `${items.length} of ${batch.value.events.length} events are invalid; none stored`, items);
    return context.json(await storage.insertEvents(events));
  });

  routes.get('/analytics/events', async (context) => {
    requireKey(bearerToken(context), readKey, 'read key');
    const query = context.req.query();
    const limit = query.limit === undefined ? 100 : Number(query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpError(400, 'limit must be an integer from 1 to 1000');
    const since = optionalTime(query.since, 'since');
    const until = optionalTime(query.until, 'until');
    try {
      return context.json(
        await storage.listEvents({
          type: query.type,
          name: query.name,
          sessionId: query.sessionId,
          userId: query.userId,
          since,
          until,
          limit,
          cursor: query.cursor,
        }),
      );
    } catch (error) {
      if (error instanceof RangeError) throw new HttpError(400, error.message);
      throw error;
    }
  });

  return routes;
}

function optionalTime(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const time = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(time)) throw new HttpError(400, `${name} must be epoch milliseconds or an ISO date`);
  return time;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(input: unknown): InsightEvent['id'] | undefined {
  return isRecord(input) && typeof input.id === 'string' ? input.id.slice(0, 64) : undefined;
}
