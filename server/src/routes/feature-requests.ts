import { Hono } from 'hono';
import { FeatureRequestSchema, FeatureVoteSchema, LIMITS, validateWith } from '../../../shared/protocol.ts';
import { uuidv7 } from '../../../shared/uuid.ts';
import { FEATURE_REQUEST_STATUSES } from '../feedback/feedback-repository.ts';
import type { FeatureRequestStatus } from '../feedback/feedback-repository.ts';
import { feedbackRepository, requireCaller } from '../feedback/feedback-context.ts';
import type { FeedbackRouteOptions } from '../feedback/feedback-context.ts';
import { requireStorageQuota } from '../feedback/storage-quota.ts';
import { HttpError } from '../http-errors.ts';
import { queryInteger } from '../query-params.ts';
import { readJsonBody } from '../read-body.ts';

/**
 * Feature requests ranked by votes, one vote per voter (the user id, else the anonymous id):
 * `GET /feature-requests` (write or read key; `voterId` marks what that voter voted for, `limit` 1–100),
 * `POST /feature-requests` (write key; the author's vote counts), `POST /feature-requests/:id/votes` (write key),
 * `PATCH /feature-requests/:id` `{ status }` (staff: open, planned, in-progress, done, declined).
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
    await requireStorageQuota(
      options.storage.db,
      'feedback',
      parsed.value.title.length + (parsed.value.description?.length ?? 0),
      now(),
      options.storageQuotas,
    );
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
      return context.json({
        voted: true,
        counted,
        ...(counted ? {} : { message: 'this voter had already voted; counted once' }),
      });
    } catch (error) {
      if (error instanceof RangeError) throw new HttpError(404, error.message);
      throw error;
    }
  });

  routes.patch('/feature-requests/:id', async (context) => {
    requireCaller(context, options, ['staff']);
    const body = await readJsonBody(context, 1024);
    const status = typeof body === 'object' && body !== null ? (body as { status?: unknown }).status : undefined;
    if (!FEATURE_REQUEST_STATUSES.includes(status as FeatureRequestStatus))
      throw new HttpError(400, `status must be one of ${FEATURE_REQUEST_STATUSES.join(', ')}`);
    const id = context.req.param('id');
    if (!(await repository.setFeatureRequestStatus(id, status as FeatureRequestStatus)))
      throw new HttpError(404, `no feature request "${id}"`);
    return context.json({ id, status });
  });

  return routes;
}
