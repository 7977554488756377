import * as v from 'valibot';
import { ALERT_KINDS } from '../alerts/alert-rule.ts';
import { SECRET_SET } from '../alerts/redact-channel.ts';
import { ScalingPolicySchema } from '../scaling/scaling-policy.ts';

// Response schemas of the operations routes (infrastructure.ts, load-tests.ts, alerts.ts), for the API document;
// the end-to-end test checks real answers against them.

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));
const Latency = v.strictObject({ p50: v.number(), p95: v.number(), p99: v.number(), max: v.number() });
const Values = v.pipe(v.record(v.string(), v.number()), v.description('Metric name → value (see docs/operations.md).'));

/** The health score with its reasons (`HealthScore`): `GET /infrastructure/health`. */
export const HealthScoreAnswer = v.strictObject({
  score: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
  reasons: v.array(v.string()),
  components: v.array(
    v.strictObject({
      name: v.string(),
      value: v.number(),
      unit: v.string(),
      good: v.number(),
      bad: v.number(),
      weight: v.number(),
      deduction: v.number(),
    }),
  ),
});

/** `GET /infrastructure/metrics`: this process now, the latest sample, the health score and the history. */
export const InfrastructureMetricsAnswer = v.strictObject({
  version: v.string(),
  uptimeSeconds: Count,
  node: v.string(),
  instance: v.string(),
  memoryMb: v.strictObject({ rss: v.number(), heapUsed: v.number() }),
  eventLoopDelayMs: v.strictObject({ p50: v.number(), p99: v.number(), max: v.number() }),
  requests: v.strictObject({
    total: Count,
    byStatus: v.pipe(v.record(v.string(), Count), v.description('By status class (`2xx`) and for 429 on its own.')),
    latencyMs: Latency,
    rateLimited: Count,
  }),
  storage: v.strictObject({ kind: v.picklist(['sqlite', 'postgres']), events: Count }),
  latest: Values,
  health: HealthScoreAnswer,
  series: v.strictObject({
    since: v.number(),
    until: v.number(),
    step: v.picklist(['10s', '1m', '1h']),
    metrics: v.record(
      v.string(),
      v.strictObject({ at: v.array(v.number()), avg: v.array(v.number()), max: v.array(v.number()) }),
    ),
  }),
});

/** A channel as reads show it: no webhook secret, only the origin of a Slack URL (the URL is the credential). */
export const RedactedChannel = v.variant('type', [
  v.strictObject({ type: v.literal('slack'), url: v.string() }),
  v.strictObject({ type: v.literal('webhook'), url: v.string(), secret: v.literal(SECRET_SET) }),
  v.strictObject({ type: v.literal('email'), to: v.array(v.string()) }),
]);

/** `GET /infrastructure/scaling`. */
export const ScalingAnswer = v.strictObject({
  policies: v.array(v.strictObject({ ...ScalingPolicySchema.pipe[0].entries, channels: v.array(RedactedChannel) })),
  desiredReplicas: v.record(v.string(), Count),
  decisions: v.array(
    v.strictObject({ id: v.string(), policy: v.string(), at: v.number(), from: Count, to: Count, reason: v.string() }),
  ),
});

const DaysOrNever = v.nullable(v.number());

/** `GET /infrastructure/capacity` (`CapacityPlan`). */
export const CapacityPlanAnswer = v.strictObject({
  dailyEvents: v.array(v.strictObject({ day: v.string(), events: Count })),
  growth: v.strictObject({ eventsPerDayPerDay: v.number(), percentPerWeek: v.number() }),
  bytesPerEvent: v.number(),
  freeDiskBytes: v.number(),
  daysUntilDiskFull: DaysOrNever,
  peakEventsPerSecond: v.number(),
  saturationEventsPerSecond: v.number(),
  daysUntilCapacityExceeded: DaysOrNever,
  costPerMillionEvents: v.strictObject({
    cpuSeconds: v.number(),
    diskBytes: v.number(),
    cpu: v.number(),
    disk: v.number(),
    total: v.number(),
    currency: v.string(),
  }),
  whatIf: v.array(
    v.strictObject({
      retentionDays: v.number(),
      sampling: v.number(),
      steadyDiskBytes: v.number(),
      fitsOnDisk: v.boolean(),
      daysUntilCapacityExceeded: DaysOrNever,
    }),
  ),
  notes: v.array(v.string()),
});

/** A finished load test's figures (`result` of a run that is `done`). */
const LoadTestResultAnswer = v.strictObject({
  requests: Count,
  concurrency: Count,
  eventsPerBatch: Count,
  sent: Count,
  ok: Count,
  rateLimited: Count,
  failed: Count,
  durationMs: v.number(),
  requestsPerSecond: v.number(),
  eventsPerSecond: v.number(),
  latencyMs: Latency,
  bytesSent: v.pipe(Count, v.description('Gzipped bytes sent, all requests.')),
  mix: v.pipe(v.record(v.string(), Count), v.description("Events sent per type: the widget's traffic mix.")),
  transport: v.picklist(['loopback-http', 'in-process']),
  deletedEvents: Count,
});

/** One load test (`POST /load-tests/run`, `GET /load-tests/:id`, the runs list): progress while it runs, then its result or error. */
export const LoadTestRunAnswer = v.strictObject({
  id: v.string(),
  instance: v.pipe(v.string(), v.description('The replica that runs it.')),
  startedAt: v.number(),
  finishedAt: v.optional(v.number()),
  status: v.picklist(['running', 'done', 'failed']),
  progress: v.pipe(
    v.strictObject({
      sent: Count,
      of: Count,
      ok: v.optional(Count),
      rateLimited: v.optional(Count),
      failed: v.optional(Count),
    }),
    v.description(
      'Requests answered so far (`sent`) of the planned `of`, by outcome; stored up to four times a second.',
    ),
  ),
  result: v.optional(LoadTestResultAnswer),
  error: v.optional(v.pipe(v.string(), v.description('Why a `failed` run stopped.'))),
});

/** `GET /load-tests/runs`. */
export const LoadTestRunsAnswer = v.strictObject({ runs: v.array(LoadTestRunAnswer) });

/** An alert rule as reads show it. */
export const AlertRuleAnswer = v.strictObject({
  id: v.string(),
  name: v.string(),
  kind: v.picklist(ALERT_KINDS),
  threshold: v.optional(v.number()),
  windowMinutes: v.optional(v.number()),
  minCount: v.optional(v.number()),
  metric: v.optional(v.string()),
  route: v.optional(v.string()),
  cooldownMinutes: v.number(),
  enabled: v.boolean(),
  channels: v.array(RedactedChannel),
  source: v.picklist(['api', 'file']),
  updatedAt: v.number(),
});

/** `GET /alerts/rules`. */
export const AlertRulesAnswer = v.strictObject({ rules: v.array(AlertRuleAnswer) });

/** A queued or sent notification, its channel redacted. */
const NotificationAnswer = v.strictObject({
  id: v.string(),
  ruleId: v.string(),
  incidentId: v.optional(v.string()),
  event: v.picklist(['firing', 'resolved', 'test', 'scaling']),
  channel: RedactedChannel,
  message: v.strictObject({
    event: v.picklist(['firing', 'resolved', 'test', 'scaling']),
    title: v.string(),
    text: v.string(),
    ruleId: v.string(),
    ruleName: v.string(),
    kind: v.string(),
    page: v.string(),
    at: v.number(),
    incidentId: v.optional(v.string()),
    value: v.optional(v.number()),
  }),
  status: v.picklist(['pending', 'sending', 'sent', 'failed']),
  attempts: Count,
  nextAttemptAt: v.number(),
  createdAt: v.number(),
  lastError: v.optional(v.string()),
});

/** `POST /alerts/rules/:id/test`. */
export const AlertTestAnswer = v.strictObject({ queued: v.array(NotificationAnswer) });

/** `GET /alerts/notifications`. */
export const NotificationsAnswer = v.strictObject({ notifications: v.array(NotificationAnswer) });

/** `GET /alerts/incidents`. */
export const IncidentsAnswer = v.strictObject({
  incidents: v.array(
    v.strictObject({
      id: v.string(),
      ruleId: v.string(),
      key: v.string(),
      status: v.picklist(['open', 'resolved']),
      openedAt: v.number(),
      resolvedAt: v.optional(v.number()),
      value: v.number(),
      summary: v.string(),
      page: v.string(),
      origins: v.pipe(
        v.array(v.string()),
        v.description('The sites (page origins) it concerns; empty when it concerns the whole service.'),
      ),
    }),
  ),
});
