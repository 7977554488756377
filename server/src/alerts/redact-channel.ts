import type { Notification } from './alert-repository.ts';
import type { AlertChannel, AlertRule } from './alert-rule.ts';

/** What reads show instead of a webhook's secret. */
export const SECRET_SET = '(set)';

/** A channel as reads show it: no webhook secret, and only the origin of a Slack URL (the URL is the credential). */
export function redactChannel(channel: AlertChannel): Record<string, unknown> {
  if (channel.type === 'email') return channel;
  if (channel.type === 'slack') return { type: 'slack', url: `${new URL(channel.url).origin}/…` };
  return { type: 'webhook', url: channel.url, secret: SECRET_SET };
}

/** A rule as reads show it. */
export function redactRule(rule: AlertRule): Record<string, unknown> {
  return { ...rule, channels: rule.channels.map(redactChannel) };
}

/** A notification as reads show it. */
export function redactNotification(notification: Notification): Record<string, unknown> {
  return { ...notification, channel: redactChannel(notification.channel) };
}

/**
 * A rule body sent back for an update with its channels as reads showed them: each channel that is exactly the
 * redacted form of one of the stored rule's channels becomes that stored channel again, so an editor can change
 * a rule's threshold without the Slack URL or webhook secret it was never shown. Anything else is left as sent
 * (and validated as usual).
 */
export function restoreRedacted(input: unknown, stored: AlertRule): unknown {
  if (typeof input !== 'object' || input === null || !Array.isArray((input as { channels?: unknown }).channels))
    return input;
  const shown = stored.channels.map((channel) => [JSON.stringify(redactChannel(channel)), channel] as const);
  const channels = (input as { channels: unknown[] }).channels.map((channel) => {
    const text = JSON.stringify(channel);
    return shown.find(([redacted]) => redacted === text)?.[1] ?? channel;
  });
  return { ...input, channels };
}
