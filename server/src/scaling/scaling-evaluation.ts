import { randomUUID } from 'node:crypto';
import type { Alerting } from '../alerts/alerting.ts';
import type { MetricsRepository } from '../metrics/metrics-repository.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { decideScaling } from './scaling-decision.ts';
import { lastDecision, recordDecision } from './scaling-history.ts';
import type { ScalingDecision } from './scaling-history.ts';
import type { ScalingPolicy } from './scaling-policy.ts';

/** What deciding for one policy reads from and writes to. */
export interface PolicyEvaluationOptions {
  db: SqlDatabase;
  metrics: MetricsRepository;
  now: () => number;
}

/**
 * Decides for `policy` from its metric's samples over its duration and records the change, if any; returns the
 * decision recorded, or nothing when the policy keeps its replicas.
 */
export async function decideAndRecord(
  { db, metrics, now }: PolicyEvaluationOptions,
  policy: ScalingPolicy,
): Promise<ScalingDecision | undefined> {
  const previous = await lastDecision(db, policy.name);
  const current = Number(previous?.to_replicas ?? policy.minReplicas);
  const time = now();
  const series = (await metrics.series('10s', time - policy.durationSeconds * 1000, time + 1, [policy.metric]))[
    policy.metric
  ];
  const verdict = decideScaling(policy, series, current, previous ? Number(previous.at) : undefined, time);
  if (!verdict.change) return undefined;
  const decision = {
    id: randomUUID(),
    policy: policy.name,
    at: time,
    from: current,
    to: verdict.to,
    reason: verdict.reason,
  };
  await recordDecision(db, decision);
  return decision;
}

/** Announces `decision` on `policy`'s channels, if it has any. */
export async function announceDecision(
  alerting: Alerting,
  policy: ScalingPolicy,
  decision: ScalingDecision,
): Promise<void> {
  if (!policy.channels.length) return;
  await alerting.announce(
    {
      event: 'scaling',
      title: `[SCALING] ${policy.name}: ${decision.from} → ${decision.to} replicas`,
      text: decision.reason,
      ruleId: policy.name,
      ruleName: policy.name,
      kind: 'scaling',
      page: 'infrastructure',
      at: decision.at,
    },
    policy.channels,
  );
}
