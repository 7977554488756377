import * as v from 'valibot';
import { AlertRuleSchema, ChannelSchema } from '../../alerts/alert-rule.ts';
import { LOAD_TEST_LIMITS, LoadTestPlanSchema } from '../../routes/load-tests.ts';
import {
  AlertRuleAnswer,
  AlertRulesAnswer,
  AlertTestAnswer,
  CapacityPlanAnswer,
  HealthScoreAnswer,
  IncidentsAnswer,
  InfrastructureMetricsAnswer,
  LoadTestRunAnswer,
  LoadTestRunsAnswer,
  NotificationsAnswer,
  RedactedChannel,
  ScalingAnswer,
} from '../../routes/operations-responses.ts';
import type { Operation } from '../operation.ts';
import { ChoiceParam, LimitParam, OriginParam, TextParam, TimeParam } from '../query-parameters.ts';
import { errorResponse } from '../standard-responses.ts';

const READERS = ['read', 'staff'] as const;
const STAFF_ONLY = errorResponse('Not a staff token or staff session: changing alert rules takes one.');
const NO_RULE = errorResponse('No alert rule with this id.');

/** A rule as `PUT` takes it: each channel new, or exactly as reads showed it (then it keeps what is stored). */
const AlertRuleUpdateSchema = v.object({
  ...AlertRuleSchema.entries,
  channels: v.pipe(v.array(v.union([ChannelSchema, RedactedChannel])), v.maxLength(10)),
});

/** Metrics, health, scaling, capacity, load tests and alerts (docs/operations.md). */
export const OPERATIONS_OPERATIONS: Operation[] = [
  {
    method: 'GET',
    path: '/api/infrastructure/metrics',
    tag: 'Operations',
    summary: 'This process now, the health score and the history of every sampled metric',
    description:
      'Replicas are combined in `series`; per-route series with `routes=1` or by `names`. Latencies in `requests` are over the last 2000 API requests.',
    callers: READERS,
    query: v.object({
      since: TimeParam('Start of the history (default an hour before until)'),
      until: TimeParam('End of the history (default now)'),
      step: ChoiceParam(['10s', '1m', '1h'], 'Resolution (default the finest that keeps the range to 1000 points).'),
      names: TextParam('Comma-separated metric names (at most 100); default all.'),
      routes: ChoiceParam(['1'], '`1` adds the per-route series.'),
    }),
    responses: {
      200: { description: 'The figures.', schema: InfrastructureMetricsAnswer },
      400: errorResponse('A bad time, `since` not before `until`, or a step that makes over 5000 points.'),
    },
  },
  {
    method: 'GET',
    path: '/api/infrastructure/scaling',
    tag: 'Operations',
    summary: 'Scaling policies, desired replicas and recent decisions',
    description:
      "A policy's channels are shown as alert rules show them: no webhook secret, only a Slack URL's origin.",
    callers: READERS,
    query: v.object({ limit: LimitParam(50) }),
    responses: {
      200: { description: 'The policies and decisions.', schema: ScalingAnswer },
      400: errorResponse('A bad `limit`.'),
    },
  },
  {
    method: 'GET',
    path: '/api/infrastructure/capacity',
    tag: 'Operations',
    summary: 'The capacity plan: growth, disk, saturation and cost per million events',
    callers: READERS,
    responses: { 200: { description: 'The plan.', schema: CapacityPlanAnswer } },
  },
  {
    method: 'GET',
    path: '/api/infrastructure/health',
    tag: 'Operations',
    summary: 'The health score with its reasons',
    callers: READERS,
    responses: { 200: { description: 'The score.', schema: HealthScoreAnswer } },
  },
  {
    method: 'GET',
    path: '/api/load-tests/runs',
    tag: 'Operations',
    summary: 'Recent load tests with their progress or result',
    callers: READERS,
    query: v.object({ limit: LimitParam(20) }),
    responses: {
      200: { description: 'The runs, newest first.', schema: LoadTestRunsAnswer },
      400: errorResponse('A bad `limit`.'),
    },
  },
  {
    method: 'POST',
    path: '/api/load-tests/run',
    tag: 'Operations',
    summary: 'Start a bounded load test of ingest against this server',
    description: `Answers at once with the run; the test goes on in the background, sending that many ingest batches to this server over loopback HTTP (in-process when mounted without the Node runner), and deletes its events at the end. Poll \`GET /api/load-tests/{id}\` (the \`Location\` header) for its progress and result. At most ${LOAD_TEST_LIMITS.requests} requests, ${LOAD_TEST_LIMITS.concurrency} at once, ${LOAD_TEST_LIMITS.eventsPerBatch} events per batch, and two minutes. It runs in its own rate bucket (real clients keep their budget and \`sampleRate\`) and one at a time across replicas.`,
    callers: READERS,
    body: LoadTestPlanSchema,
    bodyOptional: true,
    responses: {
      202: {
        description: 'Started: the run, `running`.',
        schema: LoadTestRunAnswer,
        headers: { Location: "The run's address, to poll." },
      },
      409: errorResponse('A load test is already running (on any replica).'),
    },
  },
  {
    method: 'GET',
    path: '/api/load-tests/:id',
    tag: 'Operations',
    summary: 'One load test: its progress while it runs, then its result or why it failed',
    description: 'Any replica answers: runs are stored in the database.',
    callers: READERS,
    params: { id: 'The run (`id` of the `POST /api/load-tests/run` answer).' },
    responses: {
      200: { description: 'The run.', schema: LoadTestRunAnswer },
      404: errorResponse('No load test with this id.'),
    },
  },
  {
    method: 'GET',
    path: '/api/alerts/rules',
    tag: 'Alerts',
    summary: 'Alert rules',
    description: 'Channel secrets are never returned; a Slack URL (itself a secret) shows only its origin.',
    callers: READERS,
    responses: { 200: { description: 'The rules.', schema: AlertRulesAnswer } },
  },
  {
    method: 'POST',
    path: '/api/alerts/rules',
    tag: 'Alerts',
    summary: 'Create an alert rule',
    description: '`id` is made from the name when absent. Kinds, thresholds and defaults: docs/operations.md.',
    callers: ['staff'],
    body: AlertRuleSchema,
    responses: {
      201: { description: 'The rule as stored.', schema: AlertRuleAnswer },
      403: STAFF_ONLY,
      409: errorResponse('A rule with this id exists already (PUT changes it).'),
    },
  },
  {
    method: 'PUT',
    path: '/api/alerts/rules/:id',
    tag: 'Alerts',
    summary: 'Change an alert rule',
    description:
      'Disabling a rule closes its open incidents. A channel sent back exactly as reads show it (a Slack URL cut to its origin, a webhook secret `(set)`) keeps its stored URL and secret, so an editor can change a threshold without them.',
    callers: ['staff'],
    params: { id: 'The rule.' },
    body: AlertRuleUpdateSchema,
    responses: {
      200: { description: 'The rule as stored.', schema: AlertRuleAnswer },
      400: errorResponse("An invalid rule, or an `id` in the body other than the URL's."),
      403: STAFF_ONLY,
      404: NO_RULE,
    },
  },
  {
    method: 'DELETE',
    path: '/api/alerts/rules/:id',
    tag: 'Alerts',
    summary: 'Delete an alert rule',
    description: 'Its open incidents are closed.',
    callers: ['staff'],
    params: { id: 'The rule.' },
    responses: { 204: { description: 'Deleted.', contentType: null }, 403: STAFF_ONLY, 404: NO_RULE },
  },
  {
    method: 'POST',
    path: '/api/alerts/rules/:id/test',
    tag: 'Alerts',
    summary: "Send a test notification to each of a rule's channels",
    callers: ['staff'],
    params: { id: 'The rule.' },
    responses: {
      202: { description: 'Queued; delivery is retried in the background.', schema: AlertTestAnswer },
      400: errorResponse('The rule has no channels.'),
      403: STAFF_ONLY,
      404: NO_RULE,
    },
  },
  {
    method: 'GET',
    path: '/api/alerts/incidents',
    tag: 'Alerts',
    summary: 'Incidents, newest first',
    callers: READERS,
    query: v.object({
      status: ChoiceParam(['open', 'resolved'], 'Only open or only resolved incidents.'),
      rule: TextParam('One rule, by id.', 200),
      origin: OriginParam(
        'Only incidents concerning this site (a page origin such as `https://crm.example.com`), and those of the whole service.',
      ),
      since: TimeParam('Opened at or after'),
      limit: LimitParam(),
    }),
    responses: {
      200: { description: 'The incidents.', schema: IncidentsAnswer },
      400: errorResponse('A bad status, rule, origin, time or limit.'),
    },
  },
  {
    method: 'GET',
    path: '/api/alerts/notifications',
    tag: 'Alerts',
    summary: 'Notifications sent or queued, newest first',
    callers: READERS,
    query: v.object({ rule: TextParam('One rule, by id.'), limit: LimitParam() }),
    responses: {
      200: { description: 'The notifications, channels redacted.', schema: NotificationsAnswer },
      400: errorResponse('A bad `limit`.'),
    },
  },
  {
    method: 'GET',
    path: '/metrics',
    tag: 'Operations',
    summary: 'Prometheus metrics (text exposition)',
    description:
      'Served outside `/api`, where scrapers expect it, and only when `INSIGHTS_METRICS_TOKEN` is set (Prometheus `authorization: { credentials: … }`).',
    callers: ['metrics'],
    responses: {
      200: {
        description: 'The metrics.',
        contentType: 'text/plain; version=0.0.4; charset=utf-8',
        schema: v.string(),
      },
    },
  },
];
