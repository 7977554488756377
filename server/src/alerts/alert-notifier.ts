import { attemptDelivery, isRetryable, maxAttempts, retryDelay } from '../outbound/deliver.ts';
import type { DeliveryOptions } from '../outbound/deliver.ts';
import type { DeliveryLog } from '../outbound/delivery-log.ts';
import type { OutboundClient, OutboundResult } from '../outbound/outbound-client.ts';
import { emailContent, signatureHeaders, slackBody, webhookBody } from './alert-formats.ts';
import type { AlertRepository, Notification } from './alert-repository.ts';

/** Sends one email within `timeoutMs`; resolves with how it went (never rejects), like the outbound client. */
export type Mailer = (
  mail: { to: string[]; subject: string; text: string },
  timeoutMs: number,
) => Promise<OutboundResult>;

/** What the notifier sends with. */
export interface NotifierOptions {
  repository: AlertRepository;
  outbound: OutboundClient;
  deliveryLog: DeliveryLog;
  /** Absent: email channels fail with "SMTP is not configured". */
  mailer?: Mailer;
  /** The public base URL links point at (`INSIGHTS_PUBLIC_URL`, else the server's own origin). */
  baseUrl: () => string;
  now?: () => number;
  retry?: DeliveryOptions;
}

/** How long a process holds a notification it is sending before another may take it over (it crashed). */
const CLAIM_MS = 60_000;

/**
 * Sends due notifications: each is claimed in the database first (so several processes never send the same one),
 * tried once through the outbound path every delivery takes (`attemptDelivery`: the same padding of failures and
 * the delivery log, kind `alert`, as bug-report webhooks), and then marked sent, failed, or due again after the
 * outbound path's backoff. Retries survive restarts because the schedule is in the table.
 */
export function createAlertNotifier({
  repository,
  outbound,
  deliveryLog,
  mailer,
  baseUrl,
  now = Date.now,
  retry = {},
}: NotifierOptions) {
  const sender =
    (notification: Notification) =>
    async (timeoutMs: number): Promise<OutboundResult> => {
      const { channel, message } = notification;
      if (channel.type === 'email') {
        if (!mailer) return { ok: false, final: true, error: 'SMTP is not configured (SMTP_URL)', durationMs: 0 };
        return mailer({ to: channel.to, ...emailContent(message, baseUrl()) }, timeoutMs);
      }
      const body = channel.type === 'slack' ? slackBody(message, baseUrl()) : webhookBody(message, baseUrl());
      const headers = {
        'Content-Type': 'application/json',
        'User-Agent': 'crm-insights-alerts',
        ...(channel.type === 'webhook' ? signatureHeaders(channel.secret, body, now()) : {}),
      };
      return outbound.post(channel.url, body, headers, timeoutMs);
    };

  const send = async (notification: Notification): Promise<void> => {
    const number = notification.attempts + 1;
    const target = { kind: 'alert', subjectId: notification.id, url: shownTarget(notification) };
    // The log's times are the notifier's clock; the padding is measured in real time, as the timeout runs.
    const { result } = await attemptDelivery(
      target,
      number,
      sender(notification),
      (attempt) => deliveryLog.record(attempt),
      {
        ...retry,
        now,
        elapsed: () => performance.now(),
      },
    );
    const again = !result.ok && isRetryable(result) && number < maxAttempts(retry);
    await repository.settle(notification.id, {
      status: result.ok ? 'sent' : again ? 'pending' : 'failed',
      attempts: number,
      nextAttemptAt: again ? now() + retryDelay(number + 1, retry, result.retryAfterMs) : now(),
      lastError: result.ok ? undefined : (result.error ?? `HTTP ${result.status}`),
    });
  };

  return {
    /** Sends what is due now, side by side (a padded failure does not hold up the rest); returns how many this process handled. */
    async runOnce(limit = 20): Promise<number> {
      const claimed: Notification[] = [];
      for (const notification of await repository.due(now(), limit))
        if (await repository.claim(notification, now(), now() + CLAIM_MS)) claimed.push(notification);
      await Promise.all(claimed.map(send));
      return claimed.length;
    },
  };
}

/** The alert notifier's operations. */

/** Where a notification went, as the delivery log shows it: a Slack URL is itself a secret, so only its origin. */
function shownTarget(notification: Notification): string {
  const { channel } = notification;
  if (channel.type === 'email') return `mailto:${channel.to.join(',')}`;
  const url = new URL(channel.url);
  return channel.type === 'slack' ? `${url.origin}/…` : `${url.origin}${url.pathname}`;
}
