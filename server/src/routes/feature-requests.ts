import { Hono } from 'hono';
import { FeatureRequestSchema, FeatureVoteSchema, LIMITS, validateWith } from '../../../shared/protocol.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { feedbackRepository, requireCaller } from '../feedback/feedback-context.ts';
import type { FeedbackRouteOptions } from '../feedback/feedback-context.ts';
import { requireStorageQuota } from '../feedback/storage-quota.ts';
import { HttpError } from '../http-errors.ts';
import { queryInteger } from '../query-params.ts';
import { readJsonBody } from '../read-body.ts';

/**
 * Feature requests ranked by votes, one vote per voter (the user id, else the anonymous id):
 * `GET /feature-requests` (write or read key; `voterId` marks what that voter voted for, `limit` 1–100),
 * `POST /feature-requests` (write key; the author's vote counts), `POST /feature-requests/:id/votes` (write key).
 */
export function featureRequestRoutes(options: FeedbackRouteOptions): Hono {
  const routes = new Hono();
  const now = options.now ?? Date.now;
  const repository = feedbackRepository(options);

  routes.get('/feature-requests', async (context) => {
    requireCaller(context, options, ['write', 'read', 'staff']);
    const query = context.req.query();
    const limit = queryInteger(query.limit, 'limit', 20, 1, 100);
    return context.json({ requests: await repository.rankedFeatureRequests(query.voterId || undefined, limit) });
  });

  routes.post('/feature-requests', async (context) => {
    requireCaller(context, options, ['write']);
    const parsed = validateWith(FeatureRequestSchema, await readJsonBody(context, LIMITS.eventBytes));
    if (!parsed.ok) throw new HttpError(400, `invalid feature request: ${parsed.message}`);
    const id = parsed.value.id ?? uuidv7(now());
    await requireStorageQuota(options.storage.db, 'feedback', parsed.value.title.length + (parsed.value.description?.length ?? 0), now(), options.storageQuotas);
    const created = await repository.addFeatureRequest({ ...parsed.value, id, createdAt: now() });
    return context.json({ id, duplicate: !created }, created ? 201 : 200);
  });

  routes.post('/feature-requests/:id/votes', async (context) => {
    requireCaller(context, options, ['write']);
    const parsed = validateWith(FeatureVoteSchema, await readJsonBody(context, 4096));
    if (!parsed.ok) throw new HttpError(400, `invalid vote: ${parsed.message}`);
    const requestId = context.req.param('id');
    try {
      const counted = await repository.vote(requestId, parsed.value.voterId, now());
      return context.json({ voted: true, counted, ...(counted ? {} : { message: 'this voter had already voted; counted once' }) });
    } catch (error) {
      if (error instanceof RangeError) throw new HttpError(404, error.message);
      throw error;
    }
  });

  return routes;
}
