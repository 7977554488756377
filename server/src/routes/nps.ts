import { Hono } from 'hono';
import { LIMITS, NpsResponseSchema, validateWith } from '../../../shared/protocol.ts';
import { requireCaller } from '../feedback/feedback-context.ts';
import type { FeedbackRouteOptions } from '../feedback/feedback-context.ts';
import { submissionEvent } from '../feedback/feedback-events.ts';
import { requireStorageQuota } from '../feedback/storage-quota.ts';
import { HttpError } from '../http-errors.ts';
import { queryTime } from '../query-params.ts';
import { readJsonBody } from '../read-body.ts';

/**
 * `POST /feedback/nps` (write key): stores one answer as an `nps` event, the same shape the widget's outbox sends.
 * `GET /feedback/nps` (read key): the NPS score, its weekly trend and the latest comments with their sentiment,
 * over answers from both paths; `surveyId`, `since`, `until` narrow it.
 */
export function npsRoutes(options: FeedbackRouteOptions): Hono {
  const routes = new Hono();
  const now = options.now ?? Date.now;

  routes.post('/feedback/nps', async (context) => {
    requireCaller(context, options, ['write']);
    const parsed = validateWith(NpsResponseSchema, await readJsonBody(context, LIMITS.eventBytes));
    if (!parsed.ok) throw new HttpError(400, `invalid NPS answer: ${parsed.message}`);
    const { score, comment, surveyId, ...sender } = parsed.value;
    const event = submissionEvent('nps', sender, { surveyId, score, ...(comment ? { comment } : {}) }, now());
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

  routes.get('/feedback/nps', async (context) => {
    requireCaller(context, options, ['read', 'staff']);
    const query = context.req.query();
    const since = queryTime(query.since, 'since');
    const until = queryTime(query.until, 'until');
    return context.json(
      await options.storage.analytics.run('nps', {
        ...(since === undefined ? {} : { since }),
        ...(until === undefined ? {} : { until }),
        ...(query.surveyId ? { surveyId: query.surveyId } : {}),
      }),
    );
  });

  return routes;
}
