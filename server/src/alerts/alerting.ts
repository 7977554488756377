import type { AnalyticsEngine } from '../analytics/engine/analytics-engine.ts';
import type { FlagStore } from '../flags/flag-store.ts';
import type { MetricsRepository } from '../metrics/metrics-repository.ts';
import { createDeliveryLog } from '../outbound/delivery-log.ts';
import type { OutboundClient } from '../outbound/outbound-client.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { createAlertDelivery } from './alert-delivery.ts';
import type { AlertDelivery } from './alert-delivery.ts';
import { createAlertEvaluationRun } from './alert-evaluation-run.ts';
import type { AlertEvaluationRun } from './alert-evaluation-run.ts';
import { createAlertNotifier } from './alert-notifier.ts';
import { createAlertRepository } from './alert-repository.ts';
import type { AlertRepository } from './alert-repository.ts';
import type { AlertSignals } from './alert-signals.ts';
import type { Mailer } from './send-on-channel.ts';

/** What alerting is built from. */
export interface AlertingOptions {
  db: SqlDatabase;
  metrics: MetricsRepository;
  outbound: OutboundClient;
  flags: FlagStore;
  instance: string;
  mailer?: Mailer;
  baseUrl: () => string;
  now?: () => number;
  /** The analytics engine whose rollups the signals read. */
  engine: AnalyticsEngine;
  /** Replaces the engine's signals (tests of the evaluator alone). */
  signals?: AlertSignals;
}

/** Alert evaluation, notification and the scheduler that runs both. */
export interface Alerting extends AlertDelivery {
  repository: AlertRepository;
  /** Evaluates every rule now if this process leads and the last run is at least `minGapMs` old. */
  evaluate: AlertEvaluationRun;
  start(evaluateEveryMs: number, notifyEveryMs: number): void;
  stop(): void;
}

/** Builds alerting over the database; nothing runs until `start`. */
export function createAlerting(options: AlertingOptions): Alerting {
  const { db, now = Date.now } = options;
  const repository = createAlertRepository(db, options.engine);
  const evaluate = createAlertEvaluationRun({ ...options, repository, now });
  const notifier = createAlertNotifier({
    repository,
    outbound: options.outbound,
    deliveryLog: createDeliveryLog(db),
    mailer: options.mailer,
    baseUrl: options.baseUrl,
    now,
  });
  const delivery = createAlertDelivery(repository, () => notifier.runOnce(), now);
  return { repository, evaluate, ...delivery, ...alertingTimers(evaluate, delivery.notify) };
}

/** Starting and stopping the intervals that evaluate rules and send what is due. */
function alertingTimers(evaluate: AlertEvaluationRun, notify: () => Promise<number>): Pick<Alerting, 'start' | 'stop'> {
  const timers: ReturnType<typeof setInterval>[] = [];
  const log = (what: string) => (error: unknown) => console.error(`[crm-insights] alert ${what} failed`, error);
  return {
    start(evaluateEveryMs, notifyEveryMs) {
      // Ticks at the interval; the leader check's gap (half an interval) keeps replicas to one run per interval.
      timers.push(setInterval(() => void evaluate(evaluateEveryMs / 2).catch(log('evaluation')), evaluateEveryMs));
      timers.push(setInterval(() => void notify().catch(log('delivery')), notifyEveryMs));
      for (const timer of timers) timer.unref();
    },
    stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
    },
  };
}
