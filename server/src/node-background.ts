import type { Alerting } from './alerts/alerting.ts';
import { loadAlertRulesFile, syncAlertRulesFile } from './alerts/load-alert-rules-file.ts';
import type { Operations } from './operations.ts';
import { createScaling } from './scaling/scaling.ts';
import { loadScalingPolicies } from './scaling/scaling-policy.ts';
import type { ServerRuntime } from './node-server.ts';
import type { Settings } from './settings.ts';
import { ensureEventPartitions } from './storage/event-partitions.ts';
import { purgeExpired } from './storage/retention.ts';
import type { Storage } from './storage/types.ts';

/** Loads the alert rules file (when set) and starts evaluating and notifying; answers the evaluation interval. */
export async function startAlerting(alerting: Alerting, settings: Settings, runtime: ServerRuntime): Promise<number> {
  if (settings.alertRulesFile) {
    const now = (runtime.now ?? Date.now)();
    await syncAlertRulesFile(alerting.repository, loadAlertRulesFile(settings.alertRulesFile, now), now);
  }
  const evaluateMs = runtime.alertEvaluateMs ?? settings.alertEvaluateMs ?? 60_000;
  alerting.start(evaluateMs, runtime.alertNotifyMs ?? settings.alertNotifyMs ?? 2000);
  return evaluateMs;
}

/** Sets up scaling from the policies file (none without one) and evaluates it as often as the alerts. */
export function startScaling(
  operations: Operations,
  storage: Storage,
  policiesFile: string | undefined,
  evaluateMs: number,
  now: (() => number) | undefined,
): void {
  const policies = policiesFile ? loadScalingPolicies(policiesFile) : [];
  operations.scaling = createScaling({
    db: storage.db,
    metrics: operations.repository,
    policies,
    alerting: operations.alerting!,
    instance: operations.instance,
    desired: operations.desiredReplicas,
    now,
  });
  operations.scaling.start(evaluateMs);
}

/** PostgreSQL without retention: creates next months' event partitions once a day (a purge does it otherwise). */
export function schedulePartitions(storage: Storage): () => void {
  if (storage.kind !== 'postgres') return () => undefined;
  const timer = setInterval(
    () =>
      void ensureEventPartitions(storage.db).catch((error: unknown) =>
        console.error('[crm-insights] creating event partitions failed', error),
      ),
    86_400_000,
  );
  timer.unref();
  return () => clearInterval(timer);
}

/** Purges expired events (record, then analytics projection) now and once a day; a failed purge is logged and retried the next day. */
export function schedulePurge(storage: Storage, retentionDays: number): () => void {
  const purge = () =>
    purgeExpired(storage.db, retentionDays)
      .then(async (result) => ({ ...result, projected: await storage.analytics.purge(result.cutoff) }))
      .then(
        (result) =>
          (result.events || result.projected) &&
          console.log(
            `[crm-insights] retention: purged ${result.events} events (${result.projected} from the analytics projection) older than ${retentionDays} days`,
          ),
        (error: unknown) => console.error('[crm-insights] retention purge failed', error),
      );
  void purge();
  const timer = setInterval(purge, 86_400_000);
  timer.unref();
  return () => clearInterval(timer);
}
