import { notificationsFor } from './alert-evaluator.ts';
import type { AlertMessage, AlertRepository, Notification } from './alert-repository.ts';
import type { AlertChannel } from './alert-rule.ts';
import { oneRunAtATime } from './one-run-at-a-time.ts';

/** Queueing messages outside incidents, and sending what is due. */
export interface AlertDelivery {
  /** Sends due notifications. */
  notify(): Promise<number>;
  /** Queues a test message to each channel (of a rule, or given) and returns the queued notifications. */
  sendTest(ruleId: string, ruleName: string, channels: readonly AlertChannel[]): Promise<Notification[]>;
  /** Queues a message outside any incident (scaling decisions) to `channels`. */
  announce(message: AlertMessage, channels: readonly AlertChannel[]): Promise<void>;
}

/** Delivery over `repository`'s queue, sending through `sendDue` (a notifier's `runOnce`). */
export function createAlertDelivery(
  repository: AlertRepository,
  sendDue: () => Promise<number>,
  now: () => number,
): AlertDelivery {
  // One send loop at a time per process; other processes are kept off by the claim in the table.
  const notify = oneRunAtATime(sendDue);
  const enqueue = async (message: AlertMessage, channels: readonly AlertChannel[]): Promise<Notification[]> => {
    const queued = notificationsFor({ id: message.ruleId, channels: [...channels] }, message, now());
    await repository.enqueue(queued);
    return queued;
  };
  return {
    notify,
    async sendTest(ruleId, ruleName, channels) {
      const queued = await enqueue(testMessage(ruleId, ruleName, now()), channels);
      void notify().catch(() => undefined);
      return queued;
    },
    async announce(message, channels) {
      await enqueue(message, channels);
    },
  };
}

/** The message a channel test sends. */
function testMessage(ruleId: string, ruleName: string, at: number): AlertMessage {
  return {
    event: 'test',
    title: `[TEST] ${ruleName}`,
    text: 'A test notification from crm-insights: this channel works.',
    ruleId,
    ruleName,
    kind: 'test',
    page: 'alerts',
    at,
  };
}
