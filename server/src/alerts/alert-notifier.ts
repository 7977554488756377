import { isRetryable, maxAttempts, retryDelay } from '../outbound/deliver.ts';
import type { DeliveryOptions } from '../outbound/deliver.ts';
import type { DeliveryLog } from '../outbound/delivery-log.ts';
import type { OutboundClient, OutboundResult } from '../outbound/outbound-client.ts';
import { emailContent, signatureHeaders, slackBody, webhookBody } from './alert-formats.ts';
import type { AlertRepository, Notification } from './alert-repository.ts';

/** Sends one email; resolves when the SMTP server accepted it. */
export type Mailer = (mail: { to: string[]; subject: string; text: string }) => Promise<void>;

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
 * tried once, logged in the delivery log (kind `alert`), and then marked sent, failed, or due again after the
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
  const attempt = async (notification: Notification): Promise<OutboundResult> => {
    const { channel, message } = notification;
    if (channel.type === 'email') {
      if (!mailer) return { ok: false, error: 'SMTP is not configured (SMTP_URL)', durationMs: 0 };
      const started = performance.now();
      try {
        await mailer({ to: channel.to, ...emailContent(message, baseUrl()) });
        return { ok: true, durationMs: Math.round(performance.now() - started) };
      } catch {
        return {
          ok: false,
          error: 'the SMTP server did not accept the message',
          durationMs: Math.round(performance.now() - started),
        };
      }
    }
    const body = channel.type === 'slack' ? slackBody(message, baseUrl()) : webhookBody(message, baseUrl());
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'crm-insights-alerts',
      ...(channel.type === 'webhook' ? signatureHeaders(channel.secret, body, now()) : {}),
    };
    return outbound.post(channel.url, body, headers);
  };

  return {
    /** Sends what is due now; returns how many notifications this process handled. */
    async runOnce(limit = 20): Promise<number> {
      let handled = 0;
      for (const notification of await repository.due(now(), limit)) {
        if (!(await repository.claim(notification, now(), now() + CLAIM_MS))) continue;
        handled += 1;
        const number = notification.attempts + 1;
        const result = await attempt(notification).catch(
          (): OutboundResult => ({ ok: false, error: 'delivery failed', durationMs: 0 }),
        );
        await deliveryLog
          .record({
            kind: 'alert',
            subjectId: notification.id,
            url: target(notification),
            attempt: number,
            at: now(),
            ok: result.ok,
            ...(result.status === undefined ? {} : { status: result.status }),
            ...(result.error ? { error: result.error } : {}),
          })
          .catch((error: unknown) => console.error('[crm-insights] could not log an alert delivery', error));
        const again = !result.ok && isRetryable(result) && number < maxAttempts(retry);
        await repository.settle(notification.id, {
          status: result.ok ? 'sent' : again ? 'pending' : 'failed',
          attempts: number,
          nextAttemptAt: again ? now() + retryDelay(number + 1, retry, result.retryAfterMs) : now(),
          lastError: result.ok ? undefined : (result.error ?? `HTTP ${result.status}`),
        });
      }
      return handled;
    },
  };
}

/** The alert notifier's operations. */
export type AlertNotifier = ReturnType<typeof createAlertNotifier>;

/** Where a notification went, as the delivery log shows it: a Slack URL is itself a secret, so only its origin. */
function target(notification: Notification): string {
  const { channel } = notification;
  if (channel.type === 'email') return `mailto:${channel.to.join(',')}`;
  const url = new URL(channel.url);
  return channel.type === 'slack' ? `${url.origin}/…` : `${url.origin}${url.pathname}`;
}
