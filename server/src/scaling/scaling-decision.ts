import { METRICS } from '../metrics/metric-catalogue.ts';
import type { MetricSeries } from '../metrics/metrics-repository.ts';
import type { ScalingPolicy } from './scaling-policy.ts';

/** What a policy decides from its metric's recent samples. */
export type ScalingVerdict = { change: false } | { change: true; to: number; reason: string };

/**
 * Pure decision for one policy: scale out by `step` (up to max) when every sample in the last `durationSeconds`
 * is over the threshold, in by `step` (down to min) when every one is under the scale-in threshold; nothing while
 * the last decision is within the cooldown or the samples do not cover the duration yet.
 */
export function decideScaling(
  policy: ScalingPolicy,
  series: MetricSeries | undefined,
  current: number,
  lastDecisionAt: number | undefined,
  now: number,
): ScalingVerdict {
  if (lastDecisionAt !== undefined && now - lastDecisionAt < policy.cooldownSeconds * 1000) return { change: false };
  const values = series?.avg ?? [];
  const at = series?.at ?? [];
  // Samples are 10 s apart: the window is covered when its first sample is within one interval of its start.
  if (!values.length || at[0]! > now - policy.durationSeconds * 1000 + 10_000) return { change: false };
  const unit = (METRICS as Record<string, { unit: string }>)[policy.metric]?.unit ?? '';
  const lowest = Math.min(...values);
  const highest = Math.max(...values);
  const over = `${formatDuration(policy.durationSeconds)}`;
  if (lowest > policy.threshold && current < policy.maxReplicas) {
    const to = Math.min(policy.maxReplicas, current + policy.step);
    return {
      change: true,
      to,
      reason: `scale out to ${to}: ${policy.metric} ${round(lowest)}${unit ? ` ${unit}` : ''} or more for ${over}, over ${policy.threshold}${unit ? ` ${unit}` : ''}`,
    };
  }
  const scaleIn = policy.scaleInThreshold ?? policy.threshold / 2;
  if (highest < scaleIn && current > policy.minReplicas) {
    const to = Math.max(policy.minReplicas, current - policy.step);
    return {
      change: true,
      to,
      reason: `scale in to ${to}: ${policy.metric} at most ${round(highest)}${unit ? ` ${unit}` : ''} for ${over}, under ${round(scaleIn)}${unit ? ` ${unit}` : ''}`,
    };
  }
  return { change: false };
}

function formatDuration(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
