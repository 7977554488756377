import { Hono } from 'hono';
import { FeedbackSchema, LIMITS, validateWith } from '../../../shared/protocol.ts';
import { requireCaller } from '../feedback/feedback-context.ts';
import type { FeedbackRouteOptions } from '../feedback/feedback-context.ts';
import { submissionEvent } from '../feedback/feedback-events.ts';
import { commentSentiment } from '../feedback/sentiment.ts';
import { requireStorageQuota } from '../feedback/storage-quota.ts';
import { HttpError } from '../http-errors.ts';
import { queryInteger, queryTime } from '../query-params.ts';
import { readJsonBody } from '../read-body.ts';
import type { EventPage, StoredEvent } from '../storage/types.ts';

/**
 * `POST /feedback` (write key): free-text feedback, stored as a `feedback` event like the widget sends.
 * `GET /feedback` (read key): newest first with sentiment; `since`, `until`, `limit` (1–1000), `cursor`.
 * Text is returned exactly as written: it is data, and every reader must render it as text.
 */
export function feedbackRoutes(options: FeedbackRouteOptions): Hono {
  const routes = new Hono();
  registerSubmitRoute(routes, options, options.now ?? Date.now);
  registerListRoute(routes, options);
  return routes;
}

/** `POST /feedback`: 201 with the new id, 200 when that id was stored before. */
function registerSubmitRoute(routes: Hono, options: FeedbackRouteOptions, now: () => number): void {
  routes.post('/feedback', async (context) => {
    requireCaller(context, options, ['write']);
    const parsed = validateWith(FeedbackSchema, await readJsonBody(context, LIMITS.eventBytes));
    if (!parsed.ok) throw new HttpError(400, `invalid feedback: ${parsed.message}`);
    const { text, category, prompt, ...sender } = parsed.value;
    const event = submissionEvent(
      'feedback',
      sender,
      { text, ...(category ? { category } : {}), ...(prompt ? { prompt } : {}) },
      now(),
    );
    await requireStorageQuota(
      options.storage.db,
      'feedback',
      JSON.stringify(event).length,
      now(),
      options.storageQuotas,
    );
    const result = await options.storage.insertEvents([event]);
    return context.json({ id: event.id, duplicate: result.accepted === 0 }, result.accepted ? 201 : 200);
  });
}

/** `GET /feedback`: one page of the feedback events that carry text, with the cursor of the next. */
function registerListRoute(routes: Hono, options: FeedbackRouteOptions): void {
  routes.get('/feedback', async (context) => {
    requireCaller(context, options, ['read', 'staff']);
    const query = context.req.query();
    const limit = queryInteger(query.limit, 'limit', 100, 1, 1000);
    let page: EventPage;
    try {
      page = await options.storage.listEvents({
        type: 'feedback',
        since: queryTime(query.since, 'since'),
        until: queryTime(query.until, 'until'),
        limit,
        cursor: query.cursor,
      });
    } catch (error) {
      if (error instanceof RangeError) throw new HttpError(400, error.message);
      throw error;
    }
    const items = page.events.filter((event) => typeof event.props?.text === 'string').map(feedbackItem);
    return context.json({ items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) });
  });
}

/** A feedback event as `GET /feedback` lists it, with the sentiment of its text. */
function feedbackItem(event: StoredEvent) {
  const text = event.props!.text as string;
  return {
    id: event.id,
    text,
    ...(typeof event.props?.category === 'string' ? { category: event.props.category } : {}),
    ...(typeof event.props?.prompt === 'string' ? { prompt: event.props.prompt } : {}),
    ts: event.correctedTs,
    ...(event.userId ? { userId: event.userId } : {}),
    ...(event.page ? { page: event.page } : {}),
    sentiment: commentSentiment(text),
  };
}
