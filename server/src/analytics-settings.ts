import { resolve } from 'node:path';
import type { AnalyticsEngineOptions } from './analytics/engine/analytics-engine.ts';
import { wholeNumber } from './env-values.ts';

/** The `ANALYTICS_*` variables; unset ones keep the engine's defaults. */
export function analyticsSettings(env: NodeJS.ProcessEnv, dataDir: string): AnalyticsEngineOptions {
  const positive = (name: string) => {
    const value = env[name] ? wholeNumber(env, name, 0) : undefined;
    if (value === 0) throw new Error(`${name} must be 1 or more, got "${env[name]}"`);
    return value;
  };
  const memoryLimit = env.ANALYTICS_MEMORY_LIMIT || undefined;
  if (memoryLimit && !/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i.test(memoryLimit))
    throw new Error(`ANALYTICS_MEMORY_LIMIT must be a size like 256MB or 1GB, got "${memoryLimit}"`);
  return {
    projectionFile:
      env.ANALYTICS_DB === ':memory:' ? ':memory:' : resolve(dataDir, env.ANALYTICS_DB || 'analytics.duckdb'),
    timeoutMs: positive('ANALYTICS_TIMEOUT_MS'),
    maxQueued: env.ANALYTICS_QUEUE ? wholeNumber(env, 'ANALYTICS_QUEUE', 0) : undefined,
    concurrency: positive('ANALYTICS_CONCURRENCY'),
    threads: positive('ANALYTICS_THREADS'),
    memoryLimit,
    heapMb: positive('ANALYTICS_HEAP_MB'),
    allocatorDecayMs: allocatorDecaySetting(env),
    batchSize: positive('ANALYTICS_BATCH'),
    pollMs: positive('ANALYTICS_POLL_MS'),
    projectorDelayMs: env.ANALYTICS_PROJECTOR_DELAY_MS
      ? wholeNumber(env, 'ANALYTICS_PROJECTOR_DELAY_MS', 0)
      : undefined,
  };
}

/** `ANALYTICS_ALLOCATOR_DECAY_MS`: 0 (freed memory returned at once) to an hour; unset keeps the engine's default. */
function allocatorDecaySetting(env: NodeJS.ProcessEnv): number | undefined {
  if (!env.ANALYTICS_ALLOCATOR_DECAY_MS) return undefined;
  const value = wholeNumber(env, 'ANALYTICS_ALLOCATOR_DECAY_MS', 0);
  if (value > 3_600_000)
    throw new Error(
      `ANALYTICS_ALLOCATOR_DECAY_MS must be at most 3600000 (an hour), got "${env.ANALYTICS_ALLOCATOR_DECAY_MS}"`,
    );
  return value;
}
