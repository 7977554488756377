import { listExperiments } from '../../../shared/flags/list-experiments.ts';
import type { AnalyticsEngine } from '../analytics/engine/analytics-engine.ts';
import { runAsLeader } from '../cluster/run-as-leader.ts';
import type { FlagStore } from '../flags/flag-store.ts';
import type { MetricsRepository } from '../metrics/metrics-repository.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { evaluateAlerts } from './alert-evaluator.ts';
import type { EvaluationResult } from './alert-evaluator.ts';
import type { AlertRepository } from './alert-repository.ts';
import { createEngineAlertSignals } from './alert-signals.ts';
import type { AlertSignals } from './alert-signals.ts';
import { oneRunAtATime } from './one-run-at-a-time.ts';

/** What an evaluation run reads from and decides with. */
export interface AlertEvaluationRunOptions {
  db: SqlDatabase;
  engine: AnalyticsEngine;
  metrics: MetricsRepository;
  flags: FlagStore;
  repository: AlertRepository;
  instance: string;
  now: () => number;
  /** Replaces the engine's signals (tests of the evaluator alone). */
  signals?: AlertSignals;
}

/** Runs one evaluation of every rule, if this process leads and the last run is at least `minGapMs` old. */
export type AlertEvaluationRun = (minGapMs?: number) => Promise<EvaluationResult | undefined>;

/** The leader-gated evaluation of every rule, one run at a time per process, over the engine's signals. */
export function createAlertEvaluationRun(options: AlertEvaluationRunOptions): AlertEvaluationRun {
  const { db, engine, repository, instance, now } = options;
  const signals = options.signals ?? experimentAwareSignals(options);
  return oneRunAtATime(async (minGapMs = 0) => {
    let result: EvaluationResult | undefined;
    await runAsLeader(db, 'alerts', instance, now(), minGapMs, async () => {
      await caughtUp(engine);
      result = await evaluateAlerts(repository, signals, now());
    });
    return result;
  });
}

/** The engine's signals, with the experiments active in the current flag config. */
function experimentAwareSignals({ db, engine, metrics, flags }: AlertEvaluationRunOptions): AlertSignals {
  return createEngineAlertSignals(engine, db, metrics, async () =>
    listExperiments((await flags.current()).config).filter((experiment) => experiment.active),
  );
}

/** How long an evaluation waits for the projection to take in what the record holds before it reads anyway. */
const CATCH_UP_WAIT_MS = 10_000;

/** Brings the projection level with the record (normally a no-op poll), so an evaluation sees the events stored before it started. */
async function caughtUp(engine: AnalyticsEngine): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, CATCH_UP_WAIT_MS)));
  await Promise.race([engine.catchUp().catch(() => undefined), waited]).finally(() => clearTimeout(timer));
}
