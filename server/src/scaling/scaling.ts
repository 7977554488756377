import { randomUUID } from 'node:crypto';
import type { Alerting } from '../alerts/alerting.ts';
import { runAsLeader } from '../cluster/run-as-leader.ts';
import type { MetricsRepository } from '../metrics/metrics-repository.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { decideScaling } from './scaling-decision.ts';
import type { ScalingPolicy } from './scaling-policy.ts';

/** One recorded decision. */
export interface ScalingDecision {
  id: string;
  policy: string;
  at: number;
  from: number;
  to: number;
  reason: string;
}

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
  const last = (policy: string) =>
    db.get<{ at: number; to_replicas: number }>(
      'SELECT at, to_replicas FROM scaling_decisions WHERE policy = ? ORDER BY at DESC LIMIT 1',
      [policy],
    );

  const scaling = {
    policies,
    /** Every process reads the latest decisions, so each one's `/metrics` shows the same desired replicas. */
    async refresh(): Promise<void> {
      for (const policy of policies)
        desired[policy.name] = Number((await last(policy.name))?.to_replicas ?? policy.minReplicas);
    },
    /** Decides for every policy if this process leads and the last run is at least `minGapMs` old; returns new decisions. */
    async evaluate(minGapMs = 0): Promise<ScalingDecision[]> {
      const made: ScalingDecision[] = [];
      await runAsLeader(db, 'scaling', instance, now(), minGapMs, async () => {
        for (const policy of policies) {
          const previous = await last(policy.name);
          const current = Number(previous?.to_replicas ?? policy.minReplicas);
          const time = now();
          const series = (await metrics.series('10s', time - policy.durationSeconds * 1000, time + 1, [policy.metric]))[
            policy.metric
          ];
          const verdict = decideScaling(policy, series, current, previous ? Number(previous.at) : undefined, time);
          if (!verdict.change) continue;
          const decision = {
            id: randomUUID(),
            policy: policy.name,
            at: time,
            from: current,
            to: verdict.to,
            reason: verdict.reason,
          };
          await db.run(
            'INSERT INTO scaling_decisions (id, policy, at, from_replicas, to_replicas, reason) VALUES (?, ?, ?, ?, ?, ?)',
            [decision.id, decision.policy, decision.at, decision.from, decision.to, decision.reason],
          );
          made.push(decision);
          if (policy.channels.length) {
            await alerting.announce(
              {
                event: 'scaling',
                title: `[SCALING] ${policy.name}: ${current} → ${verdict.to} replicas`,
                text: verdict.reason,
                ruleId: policy.name,
                ruleName: policy.name,
                kind: 'scaling',
                page: 'infrastructure',
                at: time,
              },
              policy.channels,
            );
          }
        }
      });
      await scaling.refresh();
      return made;
    },
    async decisions(limit: number): Promise<ScalingDecision[]> {
      const rows = await db.all<{
        id: string;
        policy: string;
        at: number;
        from_replicas: number;
        to_replicas: number;
        reason: string;
      }>('SELECT * FROM scaling_decisions ORDER BY at DESC, id DESC LIMIT ?', [limit]);
      return rows.map((row) => ({
        id: row.id,
        policy: row.policy,
        at: Number(row.at),
        from: Number(row.from_replicas),
        to: Number(row.to_replicas),
        reason: row.reason,
      }));
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
