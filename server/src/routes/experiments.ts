import { Hono } from 'hono';
import type { Context } from 'hono';
import { evaluateAllFlags } from '../../../shared/flags/evaluate-flag.ts';
import { listExperiments } from '../../../shared/flags/list-experiments.ts';
import type { ExperimentSummary } from '../../../shared/flags/list-experiments.ts';
import { stickyDocKey } from '../../../shared/flags/sticky-bucket.ts';
import type { StickyAssignmentDocs } from '../../../shared/flags/types.ts';
import type { AnalyticsEngine } from '../analytics/engine/analytics-engine.ts';
import { parseMetric } from '../flags/experiment-results.ts';
import type { ExperimentResults, MetricSpec } from '../flags/experiment-results.ts';
import { flagStoreFor, requireFlagCaller } from '../flags/flags-context.ts';
import type { FlagRouteOptions } from '../flags/flags-context.ts';
import type { FlagStore } from '../flags/flag-store.ts';
import { HttpError } from '../http-errors.ts';
import { queryTime } from '../query-params.ts';
import { readJsonBody } from '../read-body.ts';

const ASSIGNMENT_BODY_BYTES = 64 * 1024;

/** One running experiment as `GET /experiments/running` answers it: its rule's summary and its results. */
export interface RunningExperiment extends Pick<ExperimentSummary, 'key' | 'name' | 'flag' | 'variations'> {
  results: ExperimentResults;
}

/** What the experiment routes share, resolved once: who may call, the flag store and the engine that reads results. */
interface ExperimentRouteParts {
  options: FlagRouteOptions;
  store: FlagStore;
  analytics: AnalyticsEngine;
}

/**
 * `POST /experiments/assignments` (write key, read key or staff): server-side evaluation with the same engine as
 * the widget.
 * `GET /experiments/results` (read key or staff): per metric and variation, users, conversions or mean, lifts with
 * 95% CIs, p-values, SRM and an always-valid sequential p-value, with forced and overridden traffic excluded.
 * `GET /experiments/running` (read key or staff): the same results for every running experiment, in one request.
 */
export function experimentRoutes(options: FlagRouteOptions): Hono {
  const routes = new Hono();
  const parts: ExperimentRouteParts = {
    options,
    store: flagStoreFor(options),
    analytics: options.storage.analytics,
  };
  registerAssignmentRoute(routes, parts);
  registerResultsRoutes(routes, parts);
  return routes;
}

/** `POST /experiments/assignments`: the flags and experiments one user gets, evaluated as the widget would. */
function registerAssignmentRoute(routes: Hono, { options, store }: ExperimentRouteParts): void {
  routes.post('/experiments/assignments', async (context) => {
    requireFlagCaller(context, options, ['write', 'read', 'staff']);
    const body = await readJsonBody(context, ASSIGNMENT_BODY_BYTES);
    if (!isRecord(body) || !isRecord(body.attributes))
      throw new HttpError(
        400,
        'body must be { "attributes": { "id": "…", … }, "flags"?: [keys], "stickyBucketDocs"?: {…} }',
      );
    if (
      body.flags !== undefined &&
      !(Array.isArray(body.flags) && body.flags.length <= 500 && body.flags.every((key) => typeof key === 'string'))
    ) {
      throw new HttpError(400, 'flags must be an array of at most 500 flag keys');
    }
    if (body.stickyBucketDocs !== undefined && !isRecord(body.stickyBucketDocs))
      throw new HttpError(400, 'stickyBucketDocs must be an object of sticky assignment documents');
    const { config, version } = await store.current();
    const evaluations = evaluateAllFlags(config, body.attributes, undefined, {
      ...(body.flags ? { keys: body.flags as string[] } : {}),
      ...(body.stickyBucketDocs ? { stickyBucketDocs: body.stickyBucketDocs as StickyAssignmentDocs } : {}),
    });
    const flags: Record<string, unknown> = {};
    const experiments: Record<string, unknown> = {};
    const stickyBucketDocs: StickyAssignmentDocs = {};
    for (const [key, { detail, stickyBucketDoc }] of Object.entries(evaluations)) {
      flags[key] = detail;
      if (detail.experiment) experiments[detail.experiment.key] = { flag: key, ...detail.experiment };
      if (stickyBucketDoc)
        stickyBucketDocs[stickyDocKey(stickyBucketDoc.attributeName, stickyBucketDoc.attributeValue)] = stickyBucketDoc;
    }
    return context.json({
      version,
      flags,
      experiments,
      ...(Object.keys(stickyBucketDocs).length ? { stickyBucketDocs } : {}),
    });
  });
}

/** `GET /experiments/results` (one experiment) and `GET /experiments/running` (every running one): engine reads. */
function registerResultsRoutes(routes: Hono, { options, store, analytics }: ExperimentRouteParts): void {
  routes.get('/experiments/results', async (context) => {
    requireFlagCaller(context, options, ['read', 'staff']);
    const key = context.req.query('experiment');
    const { config } = await store.current();
    const known = listExperiments(config);
    const knownKeys = known.map((experiment) => experiment.key).join(', ') || 'none';
    if (!key) throw new HttpError(400, `experiment is required; known experiments: ${knownKeys}`);
    const experiment = known.find((candidate) => candidate.key === key);
    if (!experiment) throw new HttpError(404, `no experiment "${key}" in the current config; known: ${knownKeys}`);
    // The per-unit work runs in the analytics engine; the statistics come from per-variation sums.
    return context.json(await analytics.run('experimentResults', { experiment, ...resultsQuery(context) }));
  });

  routes.get('/experiments/running', async (context) => {
    requireFlagCaller(context, options, ['read', 'staff']);
    const query = resultsQuery(context);
    const { config } = await store.current();
    const running = listExperiments(config).filter((experiment) => experiment.active);
    // Every running experiment's read is queued at once (the engine runs two at a time): a client that first
    // read the config and then each experiment's results would wait for the config before the slowest read starts.
    const experiments = await Promise.all(
      running.map(
        async (experiment): Promise<RunningExperiment> => ({
          key: experiment.key,
          ...(experiment.name === undefined ? {} : { name: experiment.name }),
          flag: experiment.flag,
          variations: experiment.variations,
          results: await analytics.run('experimentResults', { experiment, ...query }),
        }),
      ),
    );
    return context.json({ experiments });
  });
}

/**
 * A results read's query: the repeated `metric` (`conversion:<event>` or `mean:<property>:<event>`, 400 otherwise)
 * and the optional `since` / `until`.
 */
function resultsQuery(context: Context): { metrics: MetricSpec[]; since?: number; until?: number } {
  const metrics = (context.req.queries('metric') ?? []).map((text) => {
    const metric = parseMetric(text);
    if (!metric)
      throw new HttpError(400, `metric "${text}" must be "conversion:<event name>" or "mean:<property>:<event name>"`);
    return metric;
  });
  const since = queryTime(context.req.query('since'), 'since');
  const until = queryTime(context.req.query('until'), 'until');
  return { metrics, ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
