import { Hono } from 'hono';
import { redactChannel } from '../alerts/redact-channel.ts';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { requireReader } from '../auth.ts';
import type { ReadCredentials } from '../auth.ts';
import { HttpError } from '../http-errors.ts';
import { gatherCapacityInputs } from '../metrics/capacity-inputs.ts';
import type { CapacitySettings } from '../metrics/capacity-inputs.ts';
import { capacityPlan } from '../metrics/capacity-plan.ts';
import { storedEventCount } from '../metrics/stored-event-count.ts';
import { RESOLUTIONS } from '../metrics/metrics-repository.ts';
import type { Resolution } from '../metrics/metrics-repository.ts';
import type { Operations } from '../operations.ts';
import { queryLimit, queryTime } from '../query-params.ts';
import type { Storage } from '../storage/types.ts';

interface InfrastructureRoutesOptions extends ReadCredentials {
  storage: Storage;
  operations: Operations;
  version?: string;
  now?: () => number;
  capacity?: CapacitySettings;
}

/** Prices are the operator's; without them costs read 0 and only the measured seconds and bytes mean anything. */
const DEFAULT_CAPACITY: CapacitySettings = {
  retentionDays: 90,
  cpuCoreHourPrice: 0,
  diskGbMonthPrice: 0,
  currency: 'USD',
  saturationEventsPerSecond: 0,
};

/** Points one series may have in an answer; a finer step over a longer range is a 400 naming a coarser one. */
const MAX_POINTS = 5000;
const LOOP_RESOLUTION_MS = 10;

/** Event-loop delay since the routes were made, in milliseconds: median, 99th percentile and worst. */
type EventLoopDelayReader = () => { p50: number; p99: number; max: number };

/** What the infrastructure routes share, resolved once: who may read, what they report on, and the settings. */
interface InfrastructureRouteParts {
  keys: ReadCredentials;
  storage: Storage;
  operations: Operations;
  version: string;
  now: () => number;
  capacity: CapacitySettings;
  eventLoopDelay: EventLoopDelayReader;
}

/**
 * `GET /infrastructure/metrics` (read key or staff token): this process now (uptime, memory, event-loop delay,
 * requests, storage; the original snapshot fields) plus `series` of every sampled metric from `since` (default
 * the last hour) to `until` at `step` (`10s`, `1m` or `1h`; chosen from the range when absent), replicas
 * combined (per-route series with `routes=1` or by `names`), and the health score. `GET /infrastructure/health` is the
 * score alone with its reasons. `GET /infrastructure/scaling` (policies, desired replicas, recent decisions) and
 * `GET /infrastructure/capacity` (the capacity plan) take the same credentials.
 */
export function infrastructureRoutes({
  storage,
  operations,
  version = 'dev',
  now = Date.now,
  capacity = DEFAULT_CAPACITY,
  ...keys
}: InfrastructureRoutesOptions): Hono {
  const routes = new Hono();
  const parts: InfrastructureRouteParts = {
    keys,
    storage,
    operations,
    version,
    now,
    capacity,
    eventLoopDelay: measureEventLoopDelay(),
  };
  registerMetricsRoute(routes, parts);
  registerScalingAndCapacityRoutes(routes, parts);
  registerHealthRoute(routes, parts);
  return routes;
}

/** `GET /infrastructure/metrics`: this process now, every sampled series over the asked range, and the health score. */
function registerMetricsRoute(routes: Hono, parts: InfrastructureRouteParts): void {
  const { keys, storage, operations, version, now, eventLoopDelay } = parts;
  routes.get('/infrastructure/metrics', async (context) => {
    requireReader(context, keys);
    const { since, until, step, names, perRoute } = parseSeriesQuery(context.req.query(), now);
    const memory = process.memoryUsage();
    const events = await storedEventCount(storage);
    return context.json({
      version,
      uptimeSeconds: Math.round(process.uptime()),
      node: process.version,
      instance: operations.instance,
      memoryMb: { rss: Math.round(memory.rss / 1048576), heapUsed: Math.round(memory.heapUsed / 1048576) },
      eventLoopDelayMs: eventLoopDelay(),
      requests: operations.requests.snapshot(),
      storage: { kind: storage.kind, events },
      latest: operations.sampler.latest(),
      health: operations.sampler.health(),
      series: {
        since,
        until,
        step,
        metrics: await operations.repository.series(step, since, until, names, perRoute),
      },
    });
  });
}

/** `GET /infrastructure/scaling` and `GET /infrastructure/capacity`: how many replicas, and what they cost. */
function registerScalingAndCapacityRoutes(
  routes: Hono,
  { keys, storage, operations, now, capacity }: InfrastructureRouteParts,
): void {
  routes.get('/infrastructure/scaling', async (context) => {
    requireReader(context, keys);
    const scaling = operations.scaling;
    return context.json({
      // A policy's channels are shown as alert rules show them: no Slack URL or webhook secret for a read key.
      policies: (scaling?.policies ?? []).map((policy) => ({
        ...policy,
        channels: policy.channels.map(redactChannel),
      })),
      desiredReplicas: operations.desiredReplicas,
      decisions: scaling ? await scaling.decisions(queryLimit(context.req.query('limit'), 50)) : [],
    });
  });

  routes.get('/infrastructure/capacity', async (context) => {
    requireReader(context, keys);
    const inputs = await gatherCapacityInputs(storage, operations.repository, operations.dataDir, capacity, now());
    return context.json(capacityPlan(inputs));
  });
}

/** `GET /infrastructure/health`: the health score alone, with its reasons. */
function registerHealthRoute(routes: Hono, { keys, operations }: InfrastructureRouteParts): void {
  routes.get('/infrastructure/health', (context) => {
    requireReader(context, keys);
    return context.json(operations.sampler.health());
  });
}

/** Starts sampling the event loop's delay and returns how to read it. */
function measureEventLoopDelay(): EventLoopDelayReader {
  // The histogram counts its own timer interval; subtracting it makes an idle loop read ~0, not the resolution.
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const loopMs = (ns: number) =>
    loopDelay.count ? Math.max(0, Math.round((ns / 1e6 - LOOP_RESOLUTION_MS) * 100) / 100) : 0;
  return () => ({
    p50: loopMs(loopDelay.percentile(50)),
    p99: loopMs(loopDelay.percentile(99)),
    max: loopMs(loopDelay.max),
  });
}

/**
 * The series a metrics read asks for: `since` (default an hour before `until`) to `until` (default now) at `step`,
 * at most 100 `names` (all when absent), per route with `routes=1`.
 */
function parseSeriesQuery(
  query: Record<string, string>,
  now: () => number,
): { since: number; until: number; step: Resolution; names: string[] | undefined; perRoute: boolean } {
  const until = queryTime(query.until, 'until') ?? now();
  const since = queryTime(query.since, 'since') ?? until - 3_600_000;
  if (since >= until) throw new HttpError(400, 'since must be before until');
  const step = parseStep(query.step, until - since);
  const names = query.names
    ? query.names
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
        .slice(0, 100)
    : undefined;
  return { since, until, step, names, perRoute: query.routes === '1' };
}

/** `10s`, `1m` or `1h`; without one, the finest that keeps the range under `MAX_POINTS`. */
function parseStep(value: string | undefined, rangeMs: number): Resolution {
  const steps = Object.keys(RESOLUTIONS) as Resolution[];
  if (value === undefined || value === '') return steps.find((step) => rangeMs / RESOLUTIONS[step].ms <= 1000) ?? '1h';
  if (!steps.includes(value as Resolution)) throw new HttpError(400, `step must be one of ${steps.join(', ')}`);
  const step = value as Resolution;
  const points = Math.ceil(rangeMs / RESOLUTIONS[step].ms);
  if (points > MAX_POINTS)
    throw new HttpError(
      400,
      `step ${step} over this range makes ${points} points; the limit is ${MAX_POINTS}: ` +
        'use a coarser step or a shorter range',
    );
  return step;
}
