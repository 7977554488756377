import { Hono } from 'hono';
import { createErrorStatusRepository } from '../analytics/error-status-repository.ts';
import { ErrorStatusSchema, parseOr400, RangeQuerySchema, resolveRange } from '../analytics/query-schemas.ts';
import { requireReader } from '../auth.ts';
import type { ReadCredentials } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import { ingestBatch } from '../ingest.ts';
import type { IngestOptions } from '../ingest.ts';
import { readJsonBody } from '../read-body.ts';

type ErrorRoutesOptions = IngestOptions & ReadCredentials;

/**
 * `POST /errors` (write key): a batch of `error` events only, checked as ingest checks every event (props too).
 * Read key or staff token: `GET /errors/groups` (by fingerprint: count, users, sessions, first/last seen,
 * status, regressed), `PATCH /errors/groups/:fingerprint` (`{ status }`), and
 * `GET /errors/groups/:fingerprint/impact?conversion=<event>` (affected vs unaffected sessions).
 */
export function errorRoutes(options: ErrorRoutesOptions): Hono {
  const routes = new Hono();
  const decisions = createErrorStatusRepository(options.storage.db);
  const { analytics } = options.storage;
  const now = options.now ?? Date.now;

  routes.post('/errors', async (context) => context.json(await ingestBatch(context, options, 'error')));

  routes.get('/errors/groups', async (context) => {
    requireReader(context, options);
    const query = parseOr400(RangeQuerySchema, context.req.query(), 'error groups query');
    const { groups } = await analytics.run('errorGroups', {
      ...resolveRange(query, now(), 30),
      statuses: await decisions.list(),
      ...(query.status ? { status: query.status } : {}),
    });
    return context.json({ groups: groups.slice(0, query.limit) });
  });

  routes.patch('/errors/groups/:fingerprint', async (context) => {
    requireReader(context, options);
    const fingerprint = context.req.param('fingerprint');
    const { status } = parseOr400(ErrorStatusSchema, await readJsonBody(context, 4096), 'status change');
    // Known groups only: a typo must not create a decision for an error that never happened.
    if (!(await analytics.run('errorGroup', { fingerprint, statuses: [] })))
      throw new HttpError(404, `no error group with fingerprint "${fingerprint}"`);
    await decisions.set(fingerprint, status, now());
    return context.json(await analytics.run('errorGroup', { fingerprint, statuses: await decisions.list() }));
  });

  routes.get('/errors/groups/:fingerprint/impact', async (context) => {
    requireReader(context, options);
    const fingerprint = context.req.param('fingerprint');
    const query = parseOr400(RangeQuerySchema, context.req.query(), 'impact query');
    if (!query.conversion)
      throw new HttpError(
        400,
        'conversion is required: the event name that counts as converting, e.g. conversion=Deal Won',
      );
    return context.json(
      await analytics.run('errorImpact', {
        fingerprint,
        conversion: query.conversion,
        ...resolveRange(query, now(), 30),
      }),
    );
  });

  return routes;
}
