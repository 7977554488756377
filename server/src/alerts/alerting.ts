import { listExperiments } from '../../../shared/flags/list-experiments.ts';
import { runAsLeader } from '../cluster/run-as-leader.ts';
import type { AnalyticsEngine } from '../analytics/engine/analytics-engine.ts';
import type { FlagStore } from '../flags/flag-store.ts';
import type { MetricsRepository } from '../metrics/metrics-repository.ts';
import { createDeliveryLog } from '../outbound/delivery-log.ts';
import type { OutboundClient } from '../outbound/outbound-client.ts';
import type { SqlDatabase } from '../storage/sql-database.ts';
import { evaluateAlerts, notificationsFor } from './alert-evaluator.ts';
import type { EvaluationResult } from './alert-evaluator.ts';
import { createAlertNotifier } from './alert-notifier.ts';
import type { Mailer } from './alert-notifier.ts';
import { createAlertRepository } from './alert-repository.ts';
import type { AlertMessage, AlertRepository, Notification } from './alert-repository.ts';
import type { AlertChannel } from './alert-rule.ts';
import { createEngineAlertSignals } from './alert-signals.ts';
import type { AlertSignals } from './alert-signals.ts';

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
export interface Alerting {
  repository: AlertRepository;
  /** Evaluates every rule now if this process leads and the last run is at least `minGapMs` old. */
  evaluate(minGapMs?: number): Promise<EvaluationResult | undefined>;
  /** Sends due notifications. */
  notify(): Promise<number>;
  /** Queues a test message to each channel (of a rule, or given) and returns the queued notifications. */
  sendTest(ruleId: string, ruleName: string, channels: readonly AlertChannel[]): Promise<Notification[]>;
  /** Queues a message outside any incident (scaling decisions) to `channels`. */
  announce(message: AlertMessage, channels: readonly AlertChannel[]): Promise<void>;
  start(evaluateEveryMs: number, notifyEveryMs: number): void;
  stop(): void;
}

/** Builds alerting over the database; nothing runs until `start`. */
export function createAlerting(options: AlertingOptions): Alerting {
  const { db, now = Date.now } = options;
  const repository = createAlertRepository(db, options.engine);
  const signals =
    options.signals ??
    createEngineAlertSignals(options.engine, db, options.metrics, async () =>
      listExperiments((await options.flags.current()).config).filter((experiment) => experiment.active),
    );
  const notifier = createAlertNotifier({
    repository,
    outbound: options.outbound,
    deliveryLog: createDeliveryLog(db),
    mailer: options.mailer,
    baseUrl: options.baseUrl,
    now,
  });
  const timers: ReturnType<typeof setInterval>[] = [];
  let sending: Promise<number> | undefined;
  let evaluating: Promise<EvaluationResult | undefined> | undefined;

  const alerting: Alerting = {
    repository,
    evaluate(minGapMs = 0) {
      evaluating ??= (async () => {
        let result: EvaluationResult | undefined;
        await runAsLeader(db, 'alerts', options.instance, now(), minGapMs, async () => {
          await caughtUp(options.engine);
          result = await evaluateAlerts(repository, signals, now());
        });
        return result;
      })().finally(() => (evaluating = undefined));
      return evaluating;
    },
    notify() {
      // One send loop at a time per process; other processes are kept off by the claim in the table.
      sending ??= notifier.runOnce().finally(() => (sending = undefined));
      return sending;
    },
    async sendTest(ruleId, ruleName, channels) {
      const message: AlertMessage = {
        event: 'test',
        title: `[TEST] ${ruleName}`,
        text: 'A test notification from crm-insights: this channel works.',
        ruleId,
        ruleName,
        kind: 'test',
        page: 'alerts',
        at: now(),
      };
      const queued = notificationsFor({ id: ruleId, channels: [...channels] }, message, now());
      await repository.enqueue(queued);
      void alerting.notify().catch(() => undefined);
      return queued;
    },
    async announce(message, channels) {
      await repository.enqueue(notificationsFor({ id: message.ruleId, channels: [...channels] }, message, now()));
    },
    start(evaluateEveryMs, notifyEveryMs) {
      const log = (what: string) => (error: unknown) => console.error(`[crm-insights] alert ${what} failed`, error);
      // Ticks at the interval; the leader check's gap (half an interval) keeps replicas to one run per interval.
      timers.push(
        setInterval(() => void alerting.evaluate(evaluateEveryMs / 2).catch(log('evaluation')), evaluateEveryMs),
      );
      timers.push(setInterval(() => void alerting.notify().catch(log('delivery')), notifyEveryMs));
      for (const timer of timers) timer.unref();
    },
    stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
    },
  };
  return alerting;
}

/** How long an evaluation waits for the projection to take in what the record holds before it reads anyway. */
const CATCH_UP_WAIT_MS = 10_000;

/** Brings the projection level with the record (normally a no-op poll), so an evaluation sees the events stored before it started. */
async function caughtUp(engine: AnalyticsEngine): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, CATCH_UP_WAIT_MS)));
  await Promise.race([engine.catchUp().catch(() => undefined), waited]).finally(() => clearTimeout(timer));
}
