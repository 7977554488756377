import type { OutboundClient, OutboundResult } from '../outbound/outbound-client.ts';
import { emailContent, signatureHeaders, slackBody, webhookBody } from './alert-formats.ts';
import type { Notification } from './alert-repository.ts';

/** Sends one email within `timeoutMs`; resolves with how it went (never rejects), like the outbound client. */
export type Mailer = (
  mail: { to: string[]; subject: string; text: string },
  timeoutMs: number,
) => Promise<OutboundResult>;

/** What a notification is sent through, whatever its channel. */
export interface ChannelSendOptions {
  outbound: OutboundClient;
  /** Absent: email channels fail with "SMTP is not configured". */
  mailer?: Mailer;
  /** The public base URL links point at (`INSIGHTS_PUBLIC_URL`, else the server's own origin). */
  baseUrl: () => string;
  now: () => number;
}

/** One try at sending `notification` on its channel within `timeoutMs`: email by the mailer, the rest by POST. */
export function sendOnChannel(
  { outbound, mailer, baseUrl, now }: ChannelSendOptions,
  notification: Notification,
): (timeoutMs: number) => Promise<OutboundResult> {
  return async (timeoutMs) => {
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
}
