import { attemptDelivery, isRetryable, maxAttempts, retryDelay } from '../outbound/deliver.ts';
import type { DeliveryOptions } from '../outbound/deliver.ts';
import type { DeliveryLog } from '../outbound/delivery-log.ts';
import type { OutboundResult } from '../outbound/outbound-client.ts';
import type { AlertRepository, Notification } from './alert-repository.ts';
import { sendOnChannel } from './send-on-channel.ts';
import type { ChannelSendOptions } from './send-on-channel.ts';

/** What the notifier sends with. */
export interface NotifierOptions extends Omit<ChannelSendOptions, 'now'> {
  repository: AlertRepository;
  deliveryLog: DeliveryLog;
  now?: () => number;
  retry?: DeliveryOptions;
}

/** The notifier's options with their defaults filled in. */
type NotifierSettings = NotifierOptions & { now: () => number; retry: DeliveryOptions };

/** How long a process holds a notification it is sending before another may take it over (it crashed). */
const CLAIM_MS = 60_000;

/**
 * Sends due notifications: each is claimed in the database first (so several processes never send the same one),
 * tried once through the outbound path every delivery takes (`attemptDelivery`: the same padding of failures and
 * the delivery log, kind `alert`, as bug-report webhooks), and then marked sent, failed, or due again after the
 * outbound path's backoff. Retries survive restarts because the schedule is in the table.
 */
export function createAlertNotifier(options: NotifierOptions) {
  const { repository, now = Date.now } = options;
  const settings: NotifierSettings = { ...options, now, retry: options.retry ?? {} };
  return {
    /** Sends what is due now, side by side (a padded failure does not hold up the rest); returns how many this process handled. */
    async runOnce(limit = 20): Promise<number> {
      const claimed: Notification[] = [];
      for (const notification of await repository.due(now(), limit))
        if (await repository.claim(notification, now(), now() + CLAIM_MS)) claimed.push(notification);
      await Promise.all(claimed.map((notification) => sendAndSettle(settings, notification)));
      return claimed.length;
    },
  };
}

/** Tries `notification` once, logs the attempt and stores what comes next: sent, failed, or due again later. */
async function sendAndSettle(options: NotifierSettings, notification: Notification): Promise<void> {
  const { repository, deliveryLog, now, retry } = options;
  const number = notification.attempts + 1;
  const target = { kind: 'alert', subjectId: notification.id, url: shownTarget(notification) };
  // The log's times are the notifier's clock; the padding is measured in real time, as the timeout runs.
  const { result } = await attemptDelivery(
    target,
    number,
    sendOnChannel(options, notification),
    (attempt) => deliveryLog.record(attempt),
    { ...retry, now, elapsed: () => performance.now() },
  );
  await repository.settle(notification.id, settlement(result, number, retry, now()));
}

/** What a notification becomes after attempt `number` ended with `result`. */
function settlement(
  result: OutboundResult,
  number: number,
  retry: DeliveryOptions,
  now: number,
): Parameters<AlertRepository['settle']>[1] {
  const again = !result.ok && isRetryable(result) && number < maxAttempts(retry);
  return {
    status: result.ok ? 'sent' : again ? 'pending' : 'failed',
    attempts: number,
    nextAttemptAt: again ? now + retryDelay(number + 1, retry, result.retryAfterMs) : now,
    lastError: result.ok ? undefined : (result.error ?? `HTTP ${result.status}`),
  };
}

/** Where a notification went, as the delivery log shows it: a Slack URL is itself a secret, so only its origin. */
function shownTarget(notification: Notification): string {
  const { channel } = notification;
  if (channel.type === 'email') return `mailto:${channel.to.join(',')}`;
  const url = new URL(channel.url);
  return channel.type === 'slack' ? `${url.origin}/…` : `${url.origin}${url.pathname}`;
}
