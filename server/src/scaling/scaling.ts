import type { Alerting } from '../alerts/alerting.ts';
import { runAsLeader } from '../cluster/run-as-leader.ts';
import type { MetricsRepository } from '../metrics/metrics-repository.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { announceDecision, decideAndRecord } from './scaling-evaluation.ts';
import { lastDecision, recentDecisions } from './scaling-history.ts';
import type { ScalingDecision } from './scaling-history.ts';
import type { ScalingPolicy } from './scaling-policy.ts';

/** What scaling works with. */
export interface ScalingOptions {
  db: SqlDatabase;
  metrics: MetricsRepository;
  policies: readonly ScalingPolicy[];
  alerting: Alerting;
  instance: string;
  /** Updated in place with each policy's desired replicas (what `/metrics` exposes). */
  desired: Record<string, number>;
  now?: () => number;
}

/** Evaluates scaling policies (once across replicas), records decisions, announces them and keeps `desired` current. */
export function createScaling({ db, metrics, policies, alerting, instance, desired, now = Date.now }: ScalingOptions) {
  let timer: ReturnType<typeof setInterval> | undefined;
  const scaling = {
    policies,
    /** Every process reads the latest decisions, so each one's `/metrics` shows the same desired replicas. */
    async refresh(): Promise<void> {
      for (const policy of policies)
        desired[policy.name] = Number((await lastDecision(db, policy.name))?.to_replicas ?? policy.minReplicas);
    },
    /**
     * Decides for every policy if this process leads and the last run is at least `minGapMs` old; returns new
     * decisions.
     */
    async evaluate(minGapMs = 0): Promise<ScalingDecision[]> {
      const made: ScalingDecision[] = [];
      await runAsLeader(db, 'scaling', instance, now(), minGapMs, async () => {
        for (const policy of policies) {
          const decision = await decideAndRecord({ db, metrics, now }, policy);
          if (!decision) continue;
          made.push(decision);
          await announceDecision(alerting, policy, decision);
        }
      });
      await scaling.refresh();
      return made;
    },
    async decisions(limit: number): Promise<ScalingDecision[]> {
      return recentDecisions(db, limit);
    },
    start(everyMs: number): void {
      if (!policies.length) return;
      void scaling.refresh().catch(() => undefined);
      timer = setInterval(
        () =>
          void scaling
            .evaluate(everyMs / 2)
            .catch((error: unknown) => console.error('[crm-insights] scaling evaluation failed', error)),
        everyMs,
      );
      timer.unref();
    },
    stop(): void {
      if (timer) clearInterval(timer);
    },
  };
  return scaling;
}

/** The scaling service's operations. */
export type Scaling = ReturnType<typeof createScaling>;
